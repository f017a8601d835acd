build-m/builder/extract.o: builder/extract.c lib/util.h builder/build.h \
 builder/symset.h kpcheck.h analyzer/model/tree.h analyzer/model/patch.h \
 reports/output.h rules/findings.h analyzer/model/model.h \
 builder/extract.h builder/kelf.h
lib/util.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
builder/extract.h:
builder/kelf.h:
