build-m/builder/module.o: builder/module.c lib/util.h builder/build.h \
 builder/symset.h kpcheck.h analyzer/model/tree.h analyzer/model/patch.h \
 reports/output.h rules/findings.h analyzer/model/model.h
lib/util.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
