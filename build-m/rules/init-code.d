build-m/rules/init-code.o: rules/init-code.c analyzer/model/objfacts.h \
 analyzer/model/model.h analyzer/model/patch.h rules/rules.h \
 analyzer/model/ctx.h rules/findings.h rules/rules.def
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
