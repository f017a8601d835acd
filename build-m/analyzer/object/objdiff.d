build-m/analyzer/object/objdiff.o: analyzer/object/objdiff.c \
 analyzer/object/dwarf.h analyzer/object/objdiff.h analyzer/object/elf.h \
 lib/symname.h lib/util.h
analyzer/object/dwarf.h:
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/symname.h:
lib/util.h:
