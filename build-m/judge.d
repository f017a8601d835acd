build-m/judge.o: judge.c analyzer/patch/changes.h analyzer/plugin.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/tree.h lib/util.h kpcheck.h reports/output.h \
 rules/findings.h lib/atomic.h rules/rules.h rules/rules.def
analyzer/patch/changes.h:
analyzer/plugin.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/tree.h:
lib/util.h:
kpcheck.h:
reports/output.h:
rules/findings.h:
lib/atomic.h:
rules/rules.h:
rules/rules.def:
