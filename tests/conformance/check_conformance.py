#!/usr/bin/env python3
"""Conformance check for tcenc streams.

Encodes a clip with tcenc (writing its reconstruction with --recon), then checks that
  * ffmpeg and libde265 both decode the stream without error, each verifying the MD5
    picture-hash SEI (ffmpeg -err_detect crccheck+explode, dec265 --check-hash);
  * both decodes equal the reconstruction byte for byte;
  * the number of pictures equals the number of input frames;
  * every picture carries exactly one MD5 decoded-picture-hash SEI (H.265 D.3.19) in a
    suffix SEI NAL unit.
Exit status 0 only when every check passes; otherwise each failure is printed.

  check_conformance.py --tcenc build/tcenc --input clip.y4m -- --qp 22 --frames 3
  check_conformance.py --tcenc build/tcenc --ffmpeg-source testsrc2 --size 352x288 \
      --frames 3 --crop 98x74+40+30 -- --qp 27
  check_conformance.py --tcenc build/tcenc --input clip.y4m --corrupt -- --qp 22

--corrupt checks the checker: the clean stream must pass, then the stream is damaged (bytes
flipped in the middle of its last slice, or with --corrupt=drop-hash the last picture's hash
SEI removed) and the checks must FAIL; exit status 0 only if the damage is detected.

Other modes, sharing the same machinery:
  --example PATH       run the C example (PATH in.y4m out.hevc) and check its stream
  --cli-check NAME     one check of tcenc's command-line behaviour (see CLI_CHECKS)
"""

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

NAL_SUFFIX_SEI = 40
NAL_PREFIX_SEI = 39
SEI_DECODED_PICTURE_HASH = 132
HASH_TYPE_MD5 = 0


class CheckFailed(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Running tools

def run(command, timeout, check=True, capture=False):
    """Runs a command, echoing it; returns the CompletedProcess."""
    print("+ " + " ".join(str(part) for part in command), flush=True)
    try:
        result = subprocess.run([str(part) for part in command], timeout=timeout,
                                stdout=subprocess.PIPE if capture else None,
                                stderr=subprocess.PIPE if capture else None)
    except FileNotFoundError:
        raise CheckFailed(f"{command[0]}: not found (install it or pass its path)")
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"{os.path.basename(str(command[0]))} did not finish in {timeout} s")
    if capture:
        sys.stdout.write(result.stdout.decode(errors="replace"))
        sys.stdout.write(result.stderr.decode(errors="replace"))
        sys.stdout.flush()
    if check and result.returncode != 0:
        raise CheckFailed(f"{os.path.basename(str(command[0]))} exited with status "
                          f"{result.returncode}")
    return result


def find_tool(explicit, *names):
    if explicit:
        return explicit
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return names[0]


# ---------------------------------------------------------------------------------------------
# Y4M

class Y4m:
    def __init__(self, width, height, frames, frame_count):
        self.width = width
        self.height = height
        self.frames = frames          # list of bytes, or None when only counted
        self.frame_count = frame_count

    @property
    def frame_size(self):
        return frame_size(self.width, self.height)


def frame_size(width, height):
    return width * height + 2 * ((width + 1) // 2) * ((height + 1) // 2)


def read_y4m(path, keep_frames=True):
    """Reads a 4:2:0 y4m file: every frame, or with keep_frames=False just the count."""
    with open(path, "rb") as file:
        header = file.readline()
        if not header.startswith(b"YUV4MPEG2 ") or not header.endswith(b"\n"):
            raise CheckFailed(f"{path}: not a y4m file")
        tags = {token[:1]: token[1:] for token in header.split()[1:]}
        try:
            width, height = int(tags[b"W"]), int(tags[b"H"])
        except (KeyError, ValueError):
            raise CheckFailed(f"{path}: y4m header without a valid W and H")
        size = frame_size(width, height)
        frames = [] if keep_frames else None
        count = 0
        while True:
            marker = file.readline()
            if not marker:
                break
            if not marker.startswith(b"FRAME"):
                raise CheckFailed(f"{path}: frame {count} has no FRAME marker")
            if keep_frames:
                data = file.read(size)
                if len(data) != size:
                    raise CheckFailed(f"{path}: frame {count} is truncated")
                frames.append(data)
            else:
                file.seek(size, os.SEEK_CUR)
            count += 1
        if not keep_frames:
            file.seek(0, os.SEEK_END)
            if file.tell() < len(header) + count * (size + 6):
                raise CheckFailed(f"{path}: last frame is truncated")
    return Y4m(width, height, frames, count)


# ---------------------------------------------------------------------------------------------
# Annex B parsing: only what the hash check needs

def split_nal_units(stream):
    """Returns (offset, bytes) of each NAL unit of an Annex B byte stream (B.2)."""
    starts = []
    position = stream.find(b"\x00\x00\x01")
    while position >= 0:
        starts.append(position + 3)
        position = stream.find(b"\x00\x00\x01", position + 3)
    units = []
    for index, start in enumerate(starts):
        end = starts[index + 1] - 3 if index + 1 < len(starts) else len(stream)
        while end > start and stream[end - 1] == 0:  # zero_byte / trailing_zero_8bits
            end -= 1
        units.append((start, stream[start:end]))
    return units


def nal_type(unit):
    return (unit[0] >> 1) & 0x3F


def rbsp_from_payload(payload):
    """Removes emulation_prevention_three_byte (7.4.2)."""
    out = bytearray()
    zeros = 0
    for byte in payload:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def sei_messages(unit):
    """Yields (payloadType, payload) of each sei_message of an SEI NAL unit (7.3.5)."""
    rbsp = rbsp_from_payload(unit[2:])
    position = 0
    while position < len(rbsp) and not (position == len(rbsp) - 1 and rbsp[position] == 0x80):
        values = []
        for _ in range(2):  # payloadType, then payloadSize: runs of 0xFF plus a last byte
            value = 0
            while position < len(rbsp) and rbsp[position] == 0xFF:
                value += 255
                position += 1
            if position >= len(rbsp):
                raise CheckFailed("SEI message header runs past the end of its NAL unit")
            value += rbsp[position]
            position += 1
            values.append(value)
        payload_type, payload_size = values
        if position + payload_size > len(rbsp):
            raise CheckFailed(f"SEI payload {payload_type} runs past the end of its NAL unit")
        yield payload_type, rbsp[position:position + payload_size]
        position += payload_size


def check_picture_hashes(stream, expected_pictures):
    """Every picture must have exactly one MD5 decoded-picture-hash suffix SEI."""
    hashes_per_picture = []
    for _, unit in split_nal_units(stream):
        if len(unit) < 3:
            continue
        kind = nal_type(unit)
        if kind < 32:  # VCL: first_slice_segment_in_pic_flag is the first slice header bit
            if unit[2] & 0x80:
                hashes_per_picture.append(0)
        elif kind in (NAL_PREFIX_SEI, NAL_SUFFIX_SEI):
            for payload_type, payload in sei_messages(unit):
                if payload_type != SEI_DECODED_PICTURE_HASH:
                    continue
                if kind == NAL_PREFIX_SEI:
                    raise CheckFailed("decoded picture hash in a prefix SEI; H.265 D.2.1 "
                                      "allows it only in a suffix SEI")
                if not hashes_per_picture:
                    raise CheckFailed("decoded picture hash SEI before the first picture")
                if not payload or payload[0] != HASH_TYPE_MD5:
                    hash_type = payload[0] if payload else "none"
                    raise CheckFailed(f"picture {len(hashes_per_picture) - 1}: picture hash "
                                      f"type {hash_type}, expected 0 (MD5)")
                if len(payload) != 1 + 3 * 16:
                    raise CheckFailed(f"picture {len(hashes_per_picture) - 1}: MD5 hash SEI "
                                      f"of {len(payload)} bytes, expected 49")
                hashes_per_picture[-1] += 1
    if len(hashes_per_picture) != expected_pictures:
        raise CheckFailed(f"stream has {len(hashes_per_picture)} pictures, expected "
                          f"{expected_pictures}")
    for index, count in enumerate(hashes_per_picture):
        if count != 1:
            raise CheckFailed(f"picture {index} has {count} MD5 picture-hash SEI, expected 1")
    print(f"ok: {expected_pictures} pictures, each with one MD5 picture-hash SEI")


def check_slices_per_picture(stream, expected_slices, width, height):
    """Every picture must be cut into expected_slices slice segments (one VCL NAL unit each)
    whose slice_segment_address (7.3.6.1, CTUs of 64x64) rises from 0."""
    columns, rows = (width + 63) // 64, (height + 63) // 64
    address_bits = max(columns * rows - 1, 0).bit_length()  # Ceil(Log2(PicSizeInCtbsY))
    pictures = []
    for _, unit in split_nal_units(stream):
        if len(unit) < 3 or nal_type(unit) >= 32:
            continue
        bits = "".join(f"{byte:08b}" for byte in rbsp_from_payload(unit[2:10]))
        first = bits[0] == "1"
        position = 2 if 16 <= nal_type(unit) <= 23 else 1  # no_output_of_prior_pics_flag
        zeros = bits.index("1", position) - position  # slice_pic_parameter_set_id, ue(v)
        position += 2 * zeros + 1
        address = 0 if first else int(bits[position:position + address_bits], 2)
        if first:
            pictures.append([])
        elif not pictures:
            raise CheckFailed("a slice segment that is not the first of a picture starts the stream")
        pictures[-1].append(address)
    for index, addresses in enumerate(pictures):
        if len(addresses) != expected_slices or addresses != sorted(set(addresses)):
            raise CheckFailed(f"picture {index}: slice segment addresses {addresses}, expected "
                              f"{expected_slices} rising from 0")
    print(f"ok: {len(pictures)} pictures of {expected_slices} slice segments each")


# ---------------------------------------------------------------------------------------------
# Decoding and comparing

class Tools:
    def __init__(self, args):
        self.ffmpeg = find_tool(args.ffmpeg, "ffmpeg")
        self.dec265 = find_tool(args.dec265, "libde265-dec265", "dec265")
        self.timeout = args.timeout


def decode_with_ffmpeg(tools, stream_path, output_path):
    # crccheck+explode: verify the MD5 SEI and fail on a mismatch. The format filter keeps
    # yuvj420p (full range) as it is; -pix_fmt yuv420p would convert its sample values.
    run([tools.ffmpeg, "-nostdin", "-v", "error", "-xerror", "-err_detect", "crccheck+explode",
         "-i", stream_path, "-vf", "format=pix_fmts=yuv420p|yuvj420p", "-f", "rawvideo",
         "-y", output_path], tools.timeout)
    with open(output_path, "rb") as file:
        return file.read()


def decode_with_libde265(tools, stream_path, output_path):
    # --check-hash makes dec265 exit non-zero when a picture's MD5 SEI does not match.
    run([tools.dec265, "--quiet", "--check-hash", "--output", output_path, stream_path],
        tools.timeout, capture=True)
    if not os.path.exists(output_path):
        return b""
    with open(output_path, "rb") as file:
        return file.read()


def first_difference(frame_a, frame_b, width, height):
    """Describes where two frames first differ: plane, x, y and values."""
    chroma_width, chroma_height = (width + 1) // 2, (height + 1) // 2
    planes = [("Y", width, width * height), ("U", chroma_width, chroma_width * chroma_height),
              ("V", chroma_width, chroma_width * chroma_height)]
    offset = 0
    for name, plane_width, plane_size in planes:
        a = frame_a[offset:offset + plane_size]
        b = frame_b[offset:offset + plane_size]
        if a != b:
            index = next(i for i in range(plane_size) if a[i] != b[i])
            return (f"plane {name} at x={index % plane_width} y={index // plane_width}: "
                    f"{a[index]} vs {b[index]}")
        offset += plane_size
    return "no difference"


def compare_with_recon(decoder, decoded, recon):
    size = recon.frame_size
    if len(decoded) % size != 0:
        raise CheckFailed(f"{decoder}: output of {len(decoded)} bytes is not a whole number of "
                          f"{recon.width}x{recon.height} 4:2:0 frames")
    count = len(decoded) // size
    if count != recon.frame_count:
        raise CheckFailed(f"{decoder}: decoded {count} frames, the reconstruction has "
                          f"{recon.frame_count}")
    for index, recon_frame in enumerate(recon.frames):
        frame = decoded[index * size:(index + 1) * size]
        if frame != recon_frame:
            where = first_difference(frame, recon_frame, recon.width, recon.height)
            raise CheckFailed(f"{decoder}: frame {index} differs from the reconstruction, "
                              f"first at {where} (decoded vs recon)")
    print(f"ok: {decoder} decodes {count} frames equal to the reconstruction")


def check_stream(tools, stream_path, recon, expected_frames, work_dir, hidden_pictures=0):
    """Runs every check on a stream; returns the list of failures. hidden_pictures: coded
    pictures that are never output (pic_output_flag 0), on top of the expected frames."""
    failures = []
    with open(stream_path, "rb") as file:
        stream = file.read()
    try:
        check_picture_hashes(stream, expected_frames + hidden_pictures)
    except CheckFailed as failure:
        failures.append(f"picture hash SEI: {failure}")
    decoders = [("ffmpeg", decode_with_ffmpeg), ("libde265", decode_with_libde265)]
    for name, decode in decoders:
        try:
            decoded = decode(tools, stream_path, os.path.join(work_dir, f"decoded_{name}.yuv"))
            compare_with_recon(name, decoded, recon)
        except CheckFailed as failure:
            failures.append(f"{name}: {failure}")
    return failures


def y_psnr(tools, recon_path, input_path, frames):
    """Average luma PSNR of the reconstruction against the input, from ffmpeg's psnr filter."""
    result = run([tools.ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-v", "info", "-i", recon_path, "-i", input_path,
                  "-frames:v", str(frames), "-lavfi", "[0:v][1:v]psnr=shortest=1", "-f", "null",
                  "-"], tools.timeout, capture=True)
    for line in result.stderr.decode(errors="replace").splitlines():
        if "PSNR y:" in line:
            value = line.split("PSNR y:")[1].split()[0]
            return float("inf") if value == "inf" else float(value)
    raise CheckFailed("ffmpeg printed no PSNR")


# ---------------------------------------------------------------------------------------------
# Damaging a stream on purpose (--corrupt)

def corrupt_last_slice(stream):
    """Flips bytes in the middle of the last slice NAL unit."""
    slices = [(offset, unit) for offset, unit in split_nal_units(stream)
              if len(unit) > 2 and nal_type(unit) < 32]
    if not slices:
        raise CheckFailed("no slice to corrupt")
    offset, unit = slices[-1]
    if len(unit) < 16:
        raise CheckFailed(f"the last slice has only {len(unit)} bytes, too few to corrupt")
    damaged = bytearray(stream)
    middle = offset + len(unit) // 2
    for position in range(middle, middle + 4):
        value = damaged[position] ^ 0x5A
        if value <= 3:  # never create a start code or emulation prevention pattern
            value |= 0x80
        damaged[position] = value
    print(f"corrupt: flipped 4 bytes at offset {middle} in the last slice "
          f"({len(unit)} bytes)")
    return bytes(damaged)


def drop_last_hash_sei(stream):
    """Removes the last suffix SEI NAL unit that carries a decoded picture hash."""
    candidates = [(offset, unit) for offset, unit in split_nal_units(stream)
                  if len(unit) > 2 and nal_type(unit) == NAL_SUFFIX_SEI and
                  any(kind == SEI_DECODED_PICTURE_HASH for kind, _ in sei_messages(unit))]
    if not candidates:
        raise CheckFailed("no picture hash SEI to drop")
    offset, unit = candidates[-1]
    start = offset - 3
    if start > 0 and stream[start - 1] == 0:
        start -= 1
    print(f"corrupt: dropped the hash SEI at offset {start}")
    return stream[:start] + stream[offset + len(unit):]


# ---------------------------------------------------------------------------------------------
# Input preparation

def prepare_input(args, tools, work_dir):
    """Returns the path of the y4m file to encode: the clip itself or one made with ffmpeg."""
    filters = []
    if args.crop:
        size, _, position = args.crop.partition("+")
        width, height = size.split("x")
        x, _, y = position.partition("+")
        filters.append(f"crop={width}:{height}:{x or 0}:{y or 0}")
    if args.scale:
        width, height = args.scale.split("x")
        filters.append(f"scale={width}:{height}")
    if args.input and not filters and args.frames is None:
        return args.input

    command = [tools.ffmpeg, "-nostdin", "-v", "error"]
    if args.ffmpeg_source:
        source = args.ffmpeg_source
        if args.size:
            source += (":" if "=" in source else "=") + f"size={args.size}:rate={args.rate}"
        command += ["-f", "lavfi", "-i", source]
    else:
        command += ["-i", args.input]
    if filters:
        command += ["-vf", ",".join(filters)]
    frames = args.frames if args.frames is not None else (1 if args.ffmpeg_source else None)
    if frames is not None:
        command += ["-frames:v", str(frames)]
    path = os.path.join(work_dir, "input.y4m")
    command += ["-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", "-y", path]
    run(command, args.timeout)
    return path


def frames_option(tcenc_args):
    """The value of --frames among tcenc's arguments, or None."""
    for index, arg in enumerate(tcenc_args):
        if arg == "--frames" and index + 1 < len(tcenc_args):
            return int(tcenc_args[index + 1])
        if arg.startswith("--frames="):
            return int(arg.split("=", 1)[1])
    return None


# ---------------------------------------------------------------------------------------------
# Modes

def conformance(args, tools, tcenc_args, work_dir):
    input_path = prepare_input(args, tools, work_dir)
    source = read_y4m(input_path, keep_frames=False)
    expected = source.frame_count
    limit = frames_option(tcenc_args)
    if limit:
        expected = min(expected, limit)
    stream_path = os.path.join(work_dir, "stream.hevc")
    recon_path = os.path.join(work_dir, "recon.y4m")
    run([args.tcenc, "-i", input_path, "-o", stream_path, "--recon", recon_path] + tcenc_args,
        args.timeout)
    recon = read_y4m(recon_path)
    if (recon.width, recon.height) != (source.width, source.height):
        raise CheckFailed(f"reconstruction is {recon.width}x{recon.height}, input is "
                          f"{source.width}x{source.height}")
    if recon.frame_count != expected:
        raise CheckFailed(f"reconstruction has {recon.frame_count} frames, expected {expected}")

    failures = check_stream(tools, stream_path, recon, expected, work_dir, args.hidden_pictures)
    if args.slices is not None:
        with open(stream_path, "rb") as file:
            try:
                check_slices_per_picture(file.read(), args.slices, recon.width, recon.height)
            except CheckFailed as failure:
                failures.append(f"slices: {failure}")
    if args.min_psnr is not None:
        psnr = y_psnr(tools, recon_path, input_path, expected)
        print(f"PSNR-Y of the reconstruction: {psnr:.2f} dB (at least {args.min_psnr})")
        if psnr < args.min_psnr:
            failures.append(f"PSNR-Y {psnr:.2f} dB is below {args.min_psnr} dB: the "
                            "reconstruction does not look like the input")
    if not args.corrupt:
        return failures
    if failures:
        return ["the clean stream already fails, so --corrupt proves nothing:"] + failures

    with open(stream_path, "rb") as file:
        stream = file.read()
    damaged = drop_last_hash_sei(stream) if args.corrupt == "drop-hash" else \
        corrupt_last_slice(stream)
    damaged_path = os.path.join(work_dir, "damaged.hevc")
    with open(damaged_path, "wb") as file:
        file.write(damaged)
    caught = check_stream(tools, damaged_path, recon, expected, work_dir)
    if not caught:
        return [f"the damaged stream ({args.corrupt}) passed every check: the checks are blind"]
    print("ok: the damaged stream was detected:")
    for failure in caught:
        print(f"  {failure}")
    return []


def example(args, tools, work_dir):
    """Runs the C example and checks its stream with both decoders."""
    source = read_y4m(args.input, keep_frames=False)
    stream_path = os.path.join(work_dir, "example.hevc")
    command = [args.example, args.input, stream_path]
    if args.qp_factor is not None:
        command.append(str(args.qp_factor))
    run(command, args.timeout)
    with open(stream_path, "rb") as file:
        stream = file.read()
    failures = []
    try:
        check_picture_hashes(stream, source.frame_count)
    except CheckFailed as failure:
        failures.append(f"picture hash SEI: {failure}")
    decoded = {}
    for name, decode in [("ffmpeg", decode_with_ffmpeg), ("libde265", decode_with_libde265)]:
        try:
            decoded[name] = decode(tools, stream_path, os.path.join(work_dir, f"{name}.yuv"))
        except CheckFailed as failure:
            failures.append(f"{name}: {failure}")
    expected_size = source.frame_count * source.frame_size
    for name, data in decoded.items():
        if len(data) != expected_size:
            failures.append(f"{name}: decoded {len(data)} bytes, expected {source.frame_count} "
                            f"frames of {source.width}x{source.height} ({expected_size} bytes)")
    if len(decoded) == 2 and decoded["ffmpeg"] != decoded["libde265"]:
        failures.append("ffmpeg and libde265 decode the example's stream differently")
    return failures


def expect_cli_failure(result, *message_parts):
    """A failing run of tcenc must exit non-zero with 'tcenc: error:' and the given words."""
    stderr = result.stderr.decode(errors="replace")
    failures = []
    if result.returncode == 0:
        failures.append("tcenc exited with status 0, expected an error")
    if "tcenc: error:" not in stderr:
        failures.append("stderr has no 'tcenc: error:' line")
    failures += [f"stderr does not mention '{part}'" for part in message_parts
                 if part not in stderr]
    return failures


def cli_version(args, tools, work_dir):
    result = run([args.tcenc, "--version"], args.timeout, check=False, capture=True)
    output = result.stdout.decode(errors="replace")
    failures = [] if result.returncode == 0 else [f"--version exited with {result.returncode}"]
    if "tcenc" not in output:
        failures.append(f"--version printed {output!r}, expected the name and version")
    return failures


def cli_missing_input(args, tools, work_dir):
    missing = os.path.join(work_dir, "no_such_clip.y4m")
    result = run([args.tcenc, "-i", missing, "-o", os.path.join(work_dir, "out.hevc")],
                 args.timeout, check=False, capture=True)
    return expect_cli_failure(result, "no_such_clip.y4m")


def cli_bad_option(args, tools, work_dir):
    result = run([args.tcenc, "-i", args.input, "-o", os.path.join(work_dir, "out.hevc"),
                  "--qp", "99"], args.timeout, check=False, capture=True)
    return expect_cli_failure(result, "--qp")


def cli_odd_raw_size(args, tools, work_dir):
    path = os.path.join(work_dir, "odd.yuv")
    with open(path, "wb") as file:
        file.write(bytes(range(256)) * (frame_size(99, 75) // 256 + 1))
    result = run([args.tcenc, "-i", path, "--input-res", "99x75", "-o",
                  os.path.join(work_dir, "out.hevc")], args.timeout, check=False, capture=True)
    return expect_cli_failure(result, "99x75")


def cli_raw_left_over(args, tools, work_dir):
    """A raw file of 2.5 frames: 2 frames encoded, then an error naming the left-over bytes."""
    path = os.path.join(work_dir, "short.yuv")
    size = frame_size(64, 64)
    with open(path, "wb") as file:
        file.write(bytes(range(256)) * (size * 5 // 2 // 256))
    stream_path = os.path.join(work_dir, "out.hevc")
    result = run([args.tcenc, "-i", path, "--input-res", "64x64", "-o", stream_path],
                 args.timeout, check=False, capture=True)
    failures = expect_cli_failure(result, f"{size // 2} bytes left over")
    with open(stream_path, "rb") as file:
        try:
            check_picture_hashes(file.read(), 2)
        except CheckFailed as failure:
            failures.append(f"stream before the left-over bytes: {failure}")
    return failures


def cli_truncated_y4m(args, tools, work_dir):
    """The sample with its last 1000 bytes cut: earlier frames written, then exit status 1."""
    source = read_y4m(args.input)
    path = os.path.join(work_dir, "truncated.y4m")
    with open(args.input, "rb") as file:
        data = file.read()
    with open(path, "wb") as file:
        file.write(data[:-1000])
    stream_path = os.path.join(work_dir, "out.hevc")
    recon_path = os.path.join(work_dir, "recon.y4m")
    result = run([args.tcenc, "-i", path, "-o", stream_path, "--recon", recon_path],
                 args.timeout, check=False, capture=True)
    failures = expect_cli_failure(result, "truncated")
    if result.returncode != 1:
        failures.append(f"exit status {result.returncode}, expected 1")
    good_frames = source.frame_count - 1
    try:
        recon = read_y4m(recon_path)
        if recon.frame_count != good_frames:
            raise CheckFailed(f"reconstruction has {recon.frame_count} frames, expected "
                              f"{good_frames}")
        failures += check_stream(tools, stream_path, recon, good_frames, work_dir)
    except (CheckFailed, OSError) as failure:
        failures.append(str(failure))
    return failures


def cli_psnr_summary(args, tools, work_dir):
    """The summary line carries PSNR-Y only with --psnr (or --csv), and then the mean over the
    frames of each frame's luma PSNR of the reconstruction against the input (the mean of the
    per-frame values, as tcenc reports it; y_psnr's ffmpeg average is another mean)."""
    source = read_y4m(args.input)
    frames = min(3, source.frame_count)
    failures = []
    summaries = {}
    for flag in ([], ["--psnr"]):
        recon_path = os.path.join(work_dir, "recon.y4m")
        result = run([args.tcenc, "-i", args.input, "-o", os.path.join(work_dir, "out.hevc"),
                      "--frames", str(frames), "--qp", "32", "--recon", recon_path] + flag,
                     args.timeout, check=False, capture=True)
        if result.returncode != 0:
            return [f"tcenc {' '.join(flag)} exited with {result.returncode}"]
        summaries[bool(flag)] = result.stderr.decode(errors="replace")
    if "PSNR" in summaries[False]:
        failures.append(f"the summary without --psnr shows a PSNR: {summaries[False]!r}")
    match = re.search(r"PSNR-Y ([0-9.]+) dB", summaries[True])
    if not match:
        return failures + [f"the summary with --psnr shows no PSNR-Y: {summaries[True]!r}"]
    recon = read_y4m(recon_path)
    luma = source.width * source.height
    values = []
    for index in range(frames):
        a, b = source.frames[index][:luma], recon.frames[index][:luma]
        sse = sum((x - y) * (x - y) for x, y in zip(a, b))
        values.append(100.0 if sse == 0 else 10 * math.log10(255 * 255 * luma / sse))
    expected = sum(values) / len(values)
    if abs(float(match.group(1)) - expected) > 0.01:
        failures.append(f"the summary says PSNR-Y {match.group(1)} dB, the reconstruction has "
                        f"{expected:.3f} dB")
    return failures


CLI_CHECKS = {
    "version": cli_version,
    "missing-input": cli_missing_input,
    "bad-option": cli_bad_option,
    "odd-raw-size": cli_odd_raw_size,
    "raw-left-over": cli_raw_left_over,
    "truncated-y4m": cli_truncated_y4m,
    "psnr-summary": cli_psnr_summary,
}


def parse_arguments(argv):
    if "--" in argv:
        split = argv.index("--")
        argv, tcenc_args = argv[:split], argv[split + 1:]
    else:
        tcenc_args = []
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tcenc", help="the tcenc binary")
    parser.add_argument("--input", help="a y4m clip")
    parser.add_argument("--ffmpeg-source", help="an ffmpeg lavfi source, e.g. testsrc2")
    parser.add_argument("--size", help="WxH of the lavfi source")
    parser.add_argument("--rate", type=int, default=25, help="frame rate of the lavfi source")
    parser.add_argument("--frames", type=int, help="frames of the prepared input")
    parser.add_argument("--crop", help="crop the input to WxH+X+Y")
    parser.add_argument("--scale", help="scale the input to WxH")
    parser.add_argument("--min-psnr", type=float, help="lowest acceptable recon PSNR-Y in dB")
    parser.add_argument("--hidden-pictures", type=int, default=0,
                        help="coded pictures that are never output (external references); the "
                             "decoders must still output exactly the input frames")
    parser.add_argument("--slices", type=int,
                        help="slice segments every picture must have (rising addresses)")
    parser.add_argument("--corrupt", nargs="?", const="slice", choices=["slice", "drop-hash"],
                        help="damage the stream and expect the checks to fail")
    parser.add_argument("--example", help="run this C example binary instead of tcenc")
    parser.add_argument("--qp-factor", type=float, help="qp_factor for --example")
    parser.add_argument("--cli-check", choices=sorted(CLI_CHECKS), help="one CLI check")
    parser.add_argument("--ffmpeg", help="ffmpeg binary (default: from PATH)")
    parser.add_argument("--dec265", help="libde265 decoder (default: from PATH)")
    parser.add_argument("--work-dir", help="directory for the files (default: a temporary "
                        "one); emptied first, removed after a pass, kept after a failure")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per command")
    args = parser.parse_args(argv)
    if not args.example and not args.tcenc:
        parser.error("--tcenc is required")
    if not args.cli_check and not args.input and not args.ffmpeg_source:
        parser.error("give --input or --ffmpeg-source")
    needs_input = ("bad-option", "truncated-y4m", "psnr-summary")
    if (args.example or args.cli_check in needs_input) and not args.input:
        parser.error("this mode needs --input")
    return args, tcenc_args


def main(argv):
    args, tcenc_args = parse_arguments(argv)
    tools = Tools(args)
    if args.work_dir:
        shutil.rmtree(args.work_dir, ignore_errors=True)
        os.makedirs(args.work_dir)
        work_dir = args.work_dir
    else:
        work_dir = tempfile.mkdtemp(prefix="tcenc_conformance_")
    try:
        if args.cli_check:
            failures = CLI_CHECKS[args.cli_check](args, tools, work_dir)
        elif args.example:
            failures = example(args, tools, work_dir)
        else:
            failures = conformance(args, tools, tcenc_args, work_dir)
    except CheckFailed as failure:
        failures = [str(failure)]
    if failures:
        print("FAIL:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        print(f"files kept in {work_dir}", file=sys.stderr)
        return 1
    shutil.rmtree(work_dir, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
