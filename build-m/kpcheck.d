build-m/kpcheck.o: kpcheck.c analyzer/patch/changes.h \
 analyzer/model/tree.h analyzer/model/patch.h lib/util.h reports/output.h \
 rules/findings.h analyzer/model/model.h lib/atomic.h rules/rules.h \
 analyzer/model/ctx.h rules/rules.def kpcheck.h
analyzer/patch/changes.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
lib/util.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
lib/atomic.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
kpcheck.h:
