build-m/analyzer/object/objplugin.o: analyzer/object/objplugin.c \
 analyzer/object/objdiff.h analyzer/object/elf.h \
 analyzer/object/objtier.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h analyzer/plugin.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/plugin.h:
