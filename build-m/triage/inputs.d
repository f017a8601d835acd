build-m/triage/inputs.o: triage/inputs.c analyzer/model/patch.h \
 lib/util.h triage/triage.h rules/rules.h analyzer/model/ctx.h \
 analyzer/model/model.h rules/findings.h rules/rules.def
analyzer/model/patch.h:
lib/util.h:
triage/triage.h:
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
rules/findings.h:
rules/rules.def:
