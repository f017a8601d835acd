build-m/commands.o: commands.c analyzer/plugin.h analyzer/model/ctx.h \
 analyzer/model/model.h analyzer/model/patch.h builder/load.h \
 builder/build.h builder/symset.h kpcheck.h analyzer/model/tree.h \
 reports/output.h rules/findings.h kpcheck.h lib/util.h rules/findings.h \
 rules/rules.h rules/rules.def triage/triage.h rules/rules.h
analyzer/plugin.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
builder/load.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
reports/output.h:
rules/findings.h:
kpcheck.h:
lib/util.h:
rules/findings.h:
rules/rules.h:
rules/rules.def:
triage/triage.h:
rules/rules.h:
