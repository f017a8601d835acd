build-m/rules/findings.o: rules/findings.c lib/util.h rules/findings.h \
 analyzer/model/model.h analyzer/model/patch.h rules/rules.h \
 analyzer/model/ctx.h rules/rules.def
lib/util.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
