build-m/triage/pool.o: triage/pool.c kpcheck.h analyzer/model/tree.h \
 analyzer/model/patch.h reports/output.h rules/findings.h \
 analyzer/model/model.h lib/util.h triage/triage.h rules/rules.h \
 analyzer/model/ctx.h rules/rules.def
kpcheck.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
lib/util.h:
triage/triage.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
