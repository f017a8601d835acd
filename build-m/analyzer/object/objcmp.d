build-m/analyzer/object/objcmp.o: analyzer/object/objcmp.c \
 analyzer/object/dwarf.h analyzer/object/objdiff.h analyzer/object/elf.h \
 lib/util.h
analyzer/object/dwarf.h:
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/util.h:
