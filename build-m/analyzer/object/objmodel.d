build-m/analyzer/object/objmodel.o: analyzer/object/objmodel.c \
 analyzer/model/objfacts.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/object/dwarf.h analyzer/object/objtier.h analyzer/model/ctx.h \
 analyzer/object/objdiff.h analyzer/object/elf.h lib/util.h
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/object/dwarf.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/util.h:
