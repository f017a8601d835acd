build-m/analyzer/object/objplugin.o: analyzer/object/objplugin.c \
 analyzer/object/objdiff.h analyzer/object/elf.h rules/findings.h \
 analyzer/model/model.h analyzer/model/patch.h analyzer/object/objtier.h \
 analyzer/model/ctx.h analyzer/plugin.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
analyzer/plugin.h:
