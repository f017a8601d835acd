build-m/analyzer/object/objmain.o: analyzer/object/objmain.c \
 analyzer/object/objdiff.h analyzer/object/elf.h \
 analyzer/object/objtier.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
