build-m/analyzer/object/elf.o: analyzer/object/elf.c \
 analyzer/object/elf.h lib/util.h
analyzer/object/elf.h:
lib/util.h:
