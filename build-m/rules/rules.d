build-m/rules/rules.o: rules/rules.c build-m/gen/rules-explain.h \
 rules/rules.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h rules/findings.h rules/rules.def
build-m/gen/rules-explain.h:
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/findings.h:
rules/rules.def:
