#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""its-vp --restore of damaged checkpoint files (docs/checkpoint.md): each is
refused with exit status 2, nothing on stdout and one line on stderr that
says why; none crashes. One case per run:

    checkpoint_refusals.py --its-vp PATH --work DIR CASE

The file damaged is a small run's checkpoint (one CPU, two short devices).
Truncations and flipped bytes are a dense sample: every byte of the header's
fixed fields and end (its configuration text every 32 bytes), every byte
around each section's start and end, and evenly spread positions in
between. (The file format's own test, CheckpointFile.*, refuses every
truncation and every flipped byte of a small file.)"""
import argparse
import json
import os
import struct
import subprocess
import sys
import zlib

SMALL = ["--set", "cpus=1", "--set", "devices.count=2", "--set", "devices.0.count=40",
         "--set", "devices.1.count=40", "--set", "devices.1.pattern=poisson",
         "--set", "devices.1.vector_select=uniform"]
MAGIC = b"ITSVPCK\n"


def run(its_vp, args):
    p = subprocess.run([its_vp] + args, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def layout(data):
    """The header's end and each section's (name, start, body start, end)."""
    at = 8 + 4 + 4
    (n,) = struct.unpack_from("<I", data, at)
    at += 4 + n + 8 + 8  # model version string, ticks per second, time
    (n,) = struct.unpack_from("<I", data, at)
    config_at = at
    at += 4 + n
    (count,) = struct.unpack_from("<I", data, at)
    at += 8  # count, header CRC
    header_end = at
    sections = []
    for _ in range(count):
        start = at
        (n,) = struct.unpack_from("<I", data, at)
        name = data[at + 4:at + 4 + n].decode()
        at += 4 + n
        (length,) = struct.unpack_from("<Q", data, at)
        at += 12
        sections.append((name, start, at, at + length))
        at += length
    assert at == len(data), "the file's layout is not the one documented"
    return header_end, config_at, sections


def header_crc(data, header_end):
    """The file with its header CRC made right again (after a header edit)."""
    crc = zlib.crc32(data[:header_end - 4]) & 0xFFFFFFFF
    return data[:header_end - 4] + struct.pack("<I", crc) + data[header_end:]


def with_config(data, config):
    """The file with another configuration JSON, its CRC right."""
    return with_config_text(data, json.dumps(config, indent=2).encode())


def with_config_text(data, text):
    header_end, config_at, _ = layout(data)
    (n,) = struct.unpack_from("<I", data, config_at)
    out = data[:config_at] + struct.pack("<I", len(text)) + text + data[config_at + 4 + n:]
    return header_crc(out, header_end + len(text) - n)


def sample(data):
    """Dense sample of positions: the header, section edges, and a spread."""
    header_end, config_at, sections = layout(data)
    # Every byte of the fixed fields and around the header's end; the
    # configuration's text every 32 bytes.
    pos = set(range(0, config_at + 5)) | set(range(config_at + 5, header_end, 32))
    pos.update(range(header_end - 12, header_end + 1))
    for _, start, body, end in sections:
        for edge in (start, body, end):
            pos.update(range(max(0, edge - 3), min(len(data), edge + 4)))
    pos.update(range(header_end, len(data), max(1, len(data) // 100)))
    return sorted(p for p in pos if p < len(data))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--its-vp", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("case")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    good = os.path.join(a.work, "good.bin")
    rc, out, err = run(a.its_vp, SMALL + ["--checkpoint-at", "300", "--checkpoint-out", good])
    if rc != 0:
        sys.exit(f"the saving run failed ({rc}): {err}")
    data = open(good, "rb").read()
    rc, out, err = run(a.its_vp, ["--restore", good])
    if rc != 0:
        sys.exit(f"the good file is refused ({rc}): {err}")
    header_end, config_at, sections = layout(data)
    config = json.loads(data[config_at + 4:config_at + 4 + struct.unpack_from("<I", data, config_at)[0]])

    cases = []  # (label, bytes, text the error must hold)
    if a.case == "magic":
        cases.append(("magic", b"NOTACKPT" + data[8:], "not an its-vp checkpoint (bad magic)"))
        cases.append(("empty", b"", "bad magic"))
    elif a.case == "format_version":
        cases.append(("v2", data[:8] + struct.pack("<I", 2) + data[12:], "checkpoint format version 2, this its-vp reads version 1"))
        cases.append(("v0", data[:8] + struct.pack("<I", 0) + data[12:], "checkpoint format version 0"))
    elif a.case == "model_version":
        (v,) = struct.unpack_from("<I", data, 12)
        cases.append(("model", data[:12] + struct.pack("<I", v + 1) + data[16:], "written by model version"))
    elif a.case == "truncated":
        for n in sample(data):
            cases.append((f"first {n} bytes", data[:n], "its-vp: "))
    elif a.case == "flipped":
        for i in sample(data):
            for mask in (0x01, 0xFF):
                b = bytearray(data)
                b[i] ^= mask
                cases.append((f"byte {i} ^ {mask:#x}", bytes(b), "its-vp: "))
    elif a.case == "section_crc":
        for name, start, body, end in sections:
            if end > body:
                b = bytearray(data)
                b[(body + end) // 2] ^= 0x10
                cases.append((f"{name} body", bytes(b), f"section '{name}': CRC mismatch"))
            b = bytearray(data)
            b[body - 1] ^= 0x10  # the stored CRC itself
            cases.append((f"{name} CRC", bytes(b), f"section '{name}': CRC mismatch"))
    elif a.case == "sections_mismatch":
        # A consistent file (every CRC right) whose configuration has two CPUs:
        # its sections are one CPU's.
        two = dict(config, cpus=2)
        cases.append(("cpus=2", with_config(data, two), "where the configuration has"))
        fewer = json.loads(json.dumps(config))
        fewer["devices"] = fewer["devices"][:1]
        cases.append(("one device", with_config(data, fewer), "beyond those of the configuration"))
    elif a.case == "state_mismatch":
        # The same sections, but modules of another configuration.
        other = json.loads(json.dumps(config))
        other["its"]["preset"] = "gic600"
        cases.append(("its.preset", with_config(data, other), "section"))
        vec = json.loads(json.dumps(config))
        vec["devices"][0]["vectors"] = vec["devices"][0]["vectors"] + 1
        cases.append(("vectors", with_config(data, vec), "section"))
    elif a.case == "bad_config":
        cases.append(("not JSON", with_config_text(data, b'{"cpus": '), "its configuration is not JSON"))
        bad = dict(config, cpus="many")
        cases.append(("wrong type", with_config(data, bad), "its configuration"))
    else:
        sys.exit(f"unknown case {a.case}")

    failures = 0
    for label, b, needle in cases:
        path = os.path.join(a.work, "damaged.bin")
        with open(path, "wb") as f:
            f.write(b)
        rc, out, err = run(a.its_vp, ["--restore", path])
        lines = err.count("\n")
        ok = rc == 2 and out == "" and lines == 1 and err.endswith("\n") and err.startswith("its-vp: ") and needle in err
        if not ok:
            failures += 1
            print(f"{a.case}: {label}: exit {rc}, stdout {out[:200]!r}, stderr {err[:300]!r} (wanted {needle!r})")
        elif os.environ.get("VERBOSE"):
            print(f"{a.case}: {label}: {err.strip()}")
    print(f"{a.case}: {len(cases) - failures} of {len(cases)} refused as they should be")
    sys.exit(1 if failures or not cases else 0)


if __name__ == "__main__":
    main()
