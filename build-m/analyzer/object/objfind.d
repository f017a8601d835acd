build-m/analyzer/object/objfind.o: analyzer/object/objfind.c \
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
