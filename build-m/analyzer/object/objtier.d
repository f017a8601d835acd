build-m/analyzer/object/objtier.o: analyzer/object/objtier.c \
 analyzer/kbuild/objbuild.h analyzer/object/objpair.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/object/dwarf.h analyzer/object/objdiff.h analyzer/object/elf.h \
 analyzer/object/objtier.h lib/util.h
analyzer/kbuild/objbuild.h:
analyzer/object/objpair.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/object/dwarf.h:
analyzer/object/objdiff.h:
analyzer/object/elf.h:
analyzer/object/objtier.h:
lib/util.h:
