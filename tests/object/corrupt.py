#!/usr/bin/env python3
"""Damage a real kernel object in one specific way, for the malformed-ELF
cases: kpcheck objdiff must name the file and the problem and exit 2.
   corrupt.py HOW FILE"""
import random
import struct
import sys

how, path = sys.argv[1], sys.argv[2]
b = bytearray(open(path, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)


def shdr(i):
    return shoff + i * shentsize


def section(name_wanted):
    strtab_off, = struct.unpack_from('<Q', b, shdr(shstrndx) + 0x18)
    for i in range(shnum):
        name_off, = struct.unpack_from('<I', b, shdr(i))
        name = b[strtab_off + name_off:b.index(0, strtab_off + name_off)]
        if name.decode() == name_wanted:
            return i
    sys.exit('no section ' + name_wanted)


def symtab():
    for i in range(shnum):
        if struct.unpack_from('<I', b, shdr(i) + 4)[0] == 2:
            return i
    sys.exit('no symtab')


if how == 'truncate':
    b = b[:len(b) * 2 // 3]
elif how == 'header':
    b = b[:40]
elif how == 'class':
    b[4] = 1                                    # ELFCLASS32
elif how == 'machine':
    struct.pack_into('<H', b, 0x12, 183)        # EM_AARCH64
elif how == 'section-offset':
    i = section('.text.pipe_read')
    struct.pack_into('<Q', b, shdr(i) + 0x18, len(b) - 16)
elif how == 'section-size':
    i = section('.rodata.str1.1')
    struct.pack_into('<Q', b, shdr(i) + 0x20, 1 << 40)
elif how == 'symbol-section':
    st = symtab()
    off, = struct.unpack_from('<Q', b, shdr(st) + 0x18)
    struct.pack_into('<H', b, off + 24 * 30 + 6, 0xfeee)   # st_shndx
elif how == 'symbol-size':
    st = symtab()
    off, = struct.unpack_from('<Q', b, shdr(st) + 0x18)
    size, = struct.unpack_from('<Q', b, shdr(st) + 0x20)
    for k in range(1, size // 24):
        if b[off + 24 * k + 4] & 0xf == 2:               # STT_FUNC
            struct.pack_into('<Q', b, off + 24 * k + 16, 1 << 33)
            break
elif how == 'reloc-symbol':
    i = section('.rela.text.pipe_read')
    off, = struct.unpack_from('<Q', b, shdr(i) + 0x18)
    struct.pack_into('<Q', b, off + 8, (0x7fffff << 32) | 4)
elif how == 'reloc-offset':
    i = section('.rela.text.pipe_read')
    off, = struct.unpack_from('<Q', b, shdr(i) + 0x18)
    struct.pack_into('<Q', b, off, 1 << 30)
elif how == 'fuzz':
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    for _ in range(64):
        b[rnd.randrange(64, len(b))] = rnd.randrange(256)
    for _ in range(8):
        k = rnd.randrange(shnum)
        b[shdr(k) + rnd.randrange(shentsize)] = rnd.randrange(256)
elif how == 'text':
    b = bytearray(b'not an object\n')
else:
    sys.exit('unknown damage ' + how)
open(path, 'wb').write(b)
