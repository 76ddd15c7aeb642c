# The CPU's share of a P picture in the GPU mode, from a perf profile of the CPU mirror (or of a
# GPU run): the samples under the rows' signalling (AcceleratedCtuCoder::code), the CABAC
# substreams (WavefrontSubstreams::code_row), the picture hash (PictureMd5, or PictureHasher with
# hash-lanes) and the rest of the
# rows' finishing (RowFinisher), in ms of one core a picture at perf's 4000 samples a second, with
# each part's leading functions. Page faults (first touches of the encoder's buffers, at start-up)
# are left out. The mirror's own work (the GPU's algorithm) is in none of the parts.
#   cmake -S . -B /tmp/bprof -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="-fno-omit-frame-pointer -g1" \
#     -DTCENC_CUDA=OFF && cmake --build /tmp/bprof --target tcenc
#   perf record -g -o perf.data /tmp/bprof/tcenc -i CLIP_4K.y4m -o /tmp/m.hevc --qp 32 --bframes 0 --gpu \
#     --gpu-algorithm-on-cpu --gpu-decisions --preset ultrafast --pipeline-rows --threads 2 --frames 16 --quiet
#   perf script -i perf.data -F comm,ip,sym > stacks.txt
#   python3 bench/cuda/cpu_share_profile.py stacks.txt 15      # 15 P pictures
import collections
import re
import sys

text = open(sys.argv[1]).read()
pictures = int(sys.argv[2])
stacks = re.split(r'\n(?=\S)', text)


def symbol(line):
    parts = line.strip().split(None, 1)
    return parts[1] if len(parts) > 1 else parts[0]


parts = [('signalling', 'AcceleratedCtuCoder::code'), ('cabac', 'WavefrontSubstreams::code_row'),
         ('hash', 'PictureMd5'), ('hash', 'PictureHasher'), ('finishing', 'RowFinisher')]
totals = collections.Counter()
leaves = collections.defaultdict(collections.Counter)
for stack in stacks:
    symbols = [symbol(line) for line in stack.split('\n')[1:] if line.strip()]
    if not symbols or symbols[0] == 'clear_page_erms' or 'exc_page_fault' in symbols:
        continue
    for name, key in parts:
        if any(key in s for s in symbols):
            totals[name] += 1
            leaves[name][symbols[0][:70]] += 1
            break
for name in dict(parts):
    leading = ', '.join(f'{k} {v / 4000 * 1000 / pictures:.2f}' for k, v in leaves[name].most_common(4))
    print(f'{name:10s} {totals[name] / 4000 * 1000 / pictures:6.2f} ms a picture; {leading}')
