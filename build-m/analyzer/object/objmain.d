build-m/analyzer/object/objmain.o: analyzer/object/objmain.c \
 analyzer/object/objdiff.h analyzer/object/elf.h rules/findings.h \
 analyzer/model/model.h analyzer/model/patch.h analyzer/object/objtier.h \
 analyzer/model/ctx.h reports/jsonutil.h rules/rules.h rules/rules.def
analyzer/object/objdiff.h:
analyzer/object/elf.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/object/objtier.h:
analyzer/model/ctx.h:
reports/jsonutil.h:
rules/rules.h:
rules/rules.def:
