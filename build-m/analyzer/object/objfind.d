build-m/analyzer/object/objfind.o: analyzer/object/objfind.c \
 analyzer/object/objdiff.h analyzer/object/elf.h lib/util.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/util.h:
