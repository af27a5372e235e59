#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the hand-made seed inputs of testbench/fuzz/corpus/ in each target's
# encoding (the comment at the top of its source). Run from anywhere; the
# committed corpus is its output (plus crash inputs kept as regressions).
import gzip
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def put(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


u8 = lambda v: struct.pack("<B", v)
u16 = lambda v: struct.pack("<H", v)
u32 = lambda v: struct.pack("<I", v)
u64 = lambda v: struct.pack("<Q", v)

# ---- fuzz_mmio: named writes (op 2; +8: 8 bytes; +16: PA into RAM) -------
VALID = 1 << 63
def named(index, value, size8=True, ram=False):
    return u8(2 | (8 if size8 else 0) | (16 if ram else 0)) + u8(index) + u64(value)

bringup = (named(4, VALID | (2 << 8), ram=True)      # BASER0: valid, 64 KB pages, one page
           + named(5, VALID | (2 << 8), ram=True)    # BASER1
           + named(1, VALID, ram=True)               # CBASER: one 4 KB page
           + named(2, 0)                             # CWRITER = 0
           + named(0, 1, size8=False)                # CTLR.Enabled
           + u8(6)                                   # read every named register
           + named(2, 0x20)                          # CWRITER: one (zero) command
           + u8(3 | (3 << 3))                        # run up to four
           + u8(5) + u16(1) + u16(2))                # an MSI
put("fuzz_mmio", "bringup-qemu", u8(0) + bringup)
put("fuzz_mmio", "bringup-gic600-stall", u8(1) + bringup + named(2, 0x21))  # and a Retry
put("fuzz_mmio", "raw-accesses", u8(0) + u8(0 | (3 << 3)) + u32(0x80) + u64(VALID)
    + u8(1 | (2 << 3)) + u32(0x10040) + u8(0 | (2 << 3)) + u32(0x10040) + u64(5) + u8(4))

# ---- fuzz_cmdq / fuzz_msi: well-formed commands (fz_its_well_formed) ------
MAPD, MAPC, MAPTI, MAPI, MOVI, DISCARD, INV, INT, CLEAR, INVALL, SYNC, MOVALL = range(12)
def cmd(index, dev=0, ev=0, icid=0, intid=0, target=0, size=0, itt=None):
    b = u8(index) + u8(dev) + u8(ev) + u8(icid) + u16(intid) + u8(target) + u8(size)
    return b + (u16(itt or 0) if index == MAPD else b"")

def wf(*cmds):
    return b"".join(u8(1) + c for c in cmds)

linux_like = wf(cmd(MAPD, dev=1, size=3, itt=0), cmd(MAPC, icid=1, target=0), cmd(SYNC, target=0),
                cmd(MAPTI, dev=1, ev=2, icid=1, intid=5), cmd(INV, dev=1, ev=2), cmd(INT, dev=1, ev=2),
                cmd(MOVI, dev=1, ev=2, icid=1), cmd(CLEAR, dev=1, ev=2), cmd(INVALL, icid=1),
                cmd(MOVALL, target=0, size=1), cmd(DISCARD, dev=1, ev=2), cmd(MAPD, dev=1, size=8))
put("fuzz_cmdq", "linux-like", u8(0) + u8(0) + linux_like + u8(5 | (15 << 4)))
# the queue wraps: CWRITER moved to the next-to-last slot over zero (unknown, skipped) commands first
put("fuzz_cmdq", "wrap", u8(0) + u8(0) + u8(3) + u32(0xFC0) + linux_like + u8(5 | (15 << 4)))
# gic600: two-level tables, stall policy, an unknown command, Retry past it
raw_bad = u8(0 | 8) + u64(0x02) + u64(0) + u64(0) + u64(0)
put("fuzz_cmdq", "stall-retry-gic600", u8(1) + u8(3) + linux_like + raw_bad + u8(5) + u8(4) + u8(5 | (3 << 4)))
# deferred (process_on_write flipped): commands published, then CWRITER moved past the queue
put("fuzz_cmdq", "deferred-cwriter-moves", u8(4) + u8(0) + linux_like + u8(3) + u32(0x100000) + u8(5 | (7 << 4))
    + u8(6) + u8(7) + u8(3) + u32(1) + u8(6 | 8) + u8(2) + u8(5 | (15 << 4)))

burst = u8(0 | (5 << 3)) + b"".join(u8(1) + u8(e) for e in (2, 3, 4, 0x82, 0xC2, 63))
put("fuzz_msi", "mapped-and-not", u8(0) + u8(0) + wf(cmd(MAPD, dev=1, size=3, itt=0), cmd(MAPC, icid=1, target=0),
    cmd(MAPTI, dev=1, ev=2, icid=1, intid=5), cmd(MAPI, dev=1, ev=3, icid=1)) + u8(2) + burst
    + u8(3) + burst + u8(3 | 4) + wf(cmd(DISCARD, dev=1, ev=2)) + u8(2) + burst)
put("fuzz_msi", "gic600-two-level", u8(1 | 8 | 16) + u8(3) + wf(cmd(MAPD, dev=1, size=3, itt=7),
    cmd(MAPC, icid=3, target=1), cmd(MAPTI, dev=1, ev=2, icid=3, intid=9)) + u8(2) + burst)

# ---- fuzz_redist --------------------------------------------------------
def rnamed(which, value):
    return u8(2 | (which << 3)) + u64(value)
rd = (rnamed(1, 0xF)                    # PROPBASER: 16 ID bits, at the start of RAM
      + rnamed(2, 0)                    # PENDBASER: second half of RAM
      + u8(3) + u16(0) + u8(0xA1)       # LPI 8192: priority 0xA0, enabled
      + u8(3) + u16(1) + u8(0xA1)
      + rnamed(0, 1)                    # EnableLPIs
      + u8(4) + u16(0) + u8(4) + u16(1) + u8(4) + u16(0)   # two LPIs, one merged
      + u8(6 | 8) + u8(6 | 8) + u8(6)   # acknowledge both (with EOI), then spurious
      + u8(5 | (1 << 3)) + u16(0) + u8(5 | (2 << 3)) + u16(0)  # INV, INVALL
      + rnamed(0, 0) + rnamed(0, 1)     # disable (write-back), enable (scan)
      + u8(7 | (3 << 3)))               # reset
put("fuzz_redist", "lpi-roundtrip", u8(2) + rd)
put("fuzz_redist", "direct-lpi-erratum", u8(2 | 4 | 8 | 16) + rd + rnamed(3, 8200) + rnamed(5, 8200)
    + rnamed(6, 0) + rnamed(7, 0) + u8(6 | 16) + u16(3))

# ---- fuzz_config --------------------------------------------------------
SEP = "\n====\n"
put("fuzz_config", "minimal", '{"cpus": 2}\n')
put("fuzz_config", "with-sets", '{"its": {"preset": "gic600"}, "devices": [{"vectors": 4}]}\n' + SEP
    + "cpus=4\ndevices.count=2\n")

# ---- fuzz_replay: the start of a real trace and its side files ----------
trig = os.path.join(root, "traces", "kvm-unit-tests-qemu-7.2", "its-trigger")
keep = ("gicv3_its", "gicv3_redist", "gicv3_icc", "gicv3_dist_read")
with gzip.open(os.path.join(trig, "trace.log.gz"), "rt") as f:
    lines = [l for l in f if any(k in l for k in keep)]
trace = "".join(lines[:140])
with open(os.path.join(trig, "its-cmds.tsv")) as f:
    cmds = "".join(f.readlines()[:12])
with open(os.path.join(trig, "cpu-table-writes-test.tsv")) as f:
    stores = "".join(f.readlines()[:8])
put("fuzz_replay", "its-trigger-start", trace)
put("fuzz_replay", "its-trigger-with-sides", trace + SEP + SEP + cmds + SEP + stores)
