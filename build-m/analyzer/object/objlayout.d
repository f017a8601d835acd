build-m/analyzer/object/objlayout.o: analyzer/object/objlayout.c \
 analyzer/object/dwarf.h analyzer/object/objtier.h analyzer/model/ctx.h \
 analyzer/model/model.h analyzer/model/patch.h analyzer/object/objdiff.h \
 analyzer/object/elf.h lib/util.h
analyzer/object/dwarf.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/object/objdiff.h:
analyzer/object/elf.h:
lib/util.h:
