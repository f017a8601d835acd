build-m/rules/asm-change.o: rules/asm-change.c lib/util.h rules/rules.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 rules/findings.h rules/rules.def
lib/util.h:
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/findings.h:
rules/rules.def:
