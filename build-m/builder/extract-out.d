build-m/builder/extract-out.o: builder/extract-out.c lib/util.h \
 builder/extract.h builder/build.h builder/symset.h kpcheck.h \
 analyzer/model/tree.h analyzer/model/patch.h reports/output.h \
 rules/findings.h analyzer/model/model.h builder/kelf.h
lib/util.h:
builder/extract.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
builder/kelf.h:
