#!/bin/bash
# Packs $OUT/r into $OUT/r.tgz (the device tool returns at most 8 files), the 1080p streams apart.
OUT=${OUT:-$PWD/gpu-results}
mkdir -p "$OUT/s"; mv "$OUT"/r/1080.t16.pipe.hevc "$OUT/s/" 2>/dev/null
rm -f "$OUT"/r/*.hevc
tar -C "$OUT" -czf "$OUT/r.tgz" r && rm -rf "$OUT/r"
ls -la "$OUT" "$OUT/s"
