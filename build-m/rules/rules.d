build-m/rules/rules.o: rules/rules.c analyzer/model/objfacts.h \
 analyzer/model/model.h analyzer/model/patch.h \
 build-m/gen/rules-explain.h rules/rules.h analyzer/model/ctx.h \
 rules/findings.h rules/rules.def
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
build-m/gen/rules-explain.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
