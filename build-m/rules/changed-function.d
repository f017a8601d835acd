build-m/rules/changed-function.o: rules/changed-function.c rules/rules.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 rules/findings.h rules/rules.def
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/findings.h:
rules/rules.def:
