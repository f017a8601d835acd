build-m/analyzer/object/dwarf.o: analyzer/object/dwarf.c \
 analyzer/object/dwarf.h lib/util.h
analyzer/object/dwarf.h:
lib/util.h:
