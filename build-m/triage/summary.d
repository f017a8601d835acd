build-m/triage/summary.o: triage/summary.c lib/util.h triage/triage.h \
 rules/rules.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h rules/findings.h rules/rules.def
lib/util.h:
triage/triage.h:
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/findings.h:
rules/rules.def:
