build-m/rules/header-change.o: rules/header-change.c rules/rules.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 rules/findings.h rules/rules.def
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/findings.h:
rules/rules.def:
