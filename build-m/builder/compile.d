build-m/builder/compile.o: builder/compile.c analyzer/kbuild/kbuild.h \
 analyzer/model/model.h analyzer/model/patch.h lib/run.h lib/util.h \
 builder/build.h builder/symset.h kpcheck.h analyzer/model/tree.h \
 reports/output.h rules/findings.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/run.h:
lib/util.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
reports/output.h:
rules/findings.h:
