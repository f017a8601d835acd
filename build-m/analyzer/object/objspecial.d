build-m/analyzer/object/objspecial.o: analyzer/object/objspecial.c \
 analyzer/object/objdiff.h analyzer/object/elf.h rules/findings.h \
 analyzer/model/model.h analyzer/model/patch.h lib/util.h rules/rules.h \
 analyzer/model/ctx.h rules/rules.def
analyzer/object/objdiff.h:
analyzer/object/elf.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
