#!/usr/bin/env python3
"""The relocation-target rule against objdump: for each PC-relative
relocation in code, elf_reloc_bias() (printed by reloc-target) must equal
the distance from the relocated field to the end of the instruction that
holds it, as objdump decodes the instruction.  Runs on kpatch's vendored
unit objects (real kernel code from GCC and clang).
   reloc-target.py RELOC-TARGET TARBALL"""
import os
import re
import subprocess
import sys
import tempfile

tool, tarball = sys.argv[1], sys.argv[2]
INSN = re.compile(r'^\s*([0-9a-f]+):\t')


def insn_ends(obj):
    """{section: sorted instruction start offsets} from objdump -d."""
    out = subprocess.run(['objdump', '-d', '-w', obj], capture_output=True,
                         text=True, check=True).stdout
    starts, sec = {}, None
    for line in out.splitlines():
        if line.startswith('Disassembly of section '):
            sec = line[len('Disassembly of section '):].rstrip(':')
            starts[sec] = []
        m = INSN.match(line)
        if m and sec:
            starts[sec].append(int(m.group(1), 16))
    return starts


def end_of(starts, off):
    """End of the instruction holding @off: the next instruction's start."""
    prev = [s for s in starts if s <= off]
    nxt = [s for s in starts if s > off]
    return nxt[0] if prev and nxt else None


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(['tar', '-xJf', tarball, '-C', tmp], check=True)
    d = os.path.join(tmp, 'x86_64')
    objs = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith('.ORIG.o'))
    dump = subprocess.run([tool] + objs, capture_output=True, text=True, check=True).stdout
    checked = bad = 0
    starts = {}
    for line in dump.splitlines():
        if line.startswith('@ '):
            starts = insn_ends(line[2:])
            continue
        sec, off, bias = line.split()
        off, bias = int(off, 16), int(bias)
        end = end_of(starts.get(sec, []), off)
        if end is None:
            continue        # the last instruction, or data objdump skipped
        checked += 1
        if end - off != bias:
            bad += 1
            if bad <= 10:
                print('FAIL %s+%#x: bias %d, instruction ends %d bytes on' % (sec, off, bias, end - off))
    # One check: the rule against objdump over every PC-relative
    # relocation of the 55 objects (counting each would drown the summary).
    print('reloc-target: %d of %d PC-relative relocations end where objdump'
          "'s instruction ends" % (checked - bad, checked))
    print('%d passed, %d failed' % (0 if bad or not checked else 1, 1 if bad or not checked else 0))
    sys.exit(1 if bad or not checked else 0)
