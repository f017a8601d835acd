build-m/triage/triage.o: triage/triage.c analyzer/model/tree.h \
 analyzer/model/patch.h kpcheck.h analyzer/model/tree.h reports/output.h \
 rules/findings.h analyzer/model/model.h lib/util.h triage/triage.h \
 rules/rules.h analyzer/model/ctx.h rules/rules.def
analyzer/model/tree.h:
analyzer/model/patch.h:
kpcheck.h:
analyzer/model/tree.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
lib/util.h:
triage/triage.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
