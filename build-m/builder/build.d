build-m/builder/build.o: builder/build.c lib/paths.h lib/run.h lib/util.h \
 builder/build.h builder/symset.h kpcheck.h analyzer/model/tree.h \
 analyzer/model/patch.h reports/output.h rules/findings.h \
 analyzer/model/model.h rules/rules.h analyzer/model/ctx.h \
 rules/rules.def
lib/paths.h:
lib/run.h:
lib/util.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
