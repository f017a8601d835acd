build-m/analyzer/object/objspecial.o: analyzer/object/objspecial.c \
 analyzer/object/objdiff.h analyzer/object/elf.h lib/util.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/util.h:
