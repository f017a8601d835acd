build-m/analyzer/object/objsymver.o: analyzer/object/objsymver.c \
 analyzer/object/objdiff.h analyzer/object/elf.h lib/util.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/util.h:
