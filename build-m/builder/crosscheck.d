build-m/builder/crosscheck.o: builder/crosscheck.c \
 analyzer/object/objdiff.h analyzer/object/elf.h analyzer/plugin.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h builder/build.h builder/symset.h kpcheck.h \
 analyzer/model/tree.h reports/output.h rules/findings.h
analyzer/object/objdiff.h:
analyzer/object/elf.h:
analyzer/plugin.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
builder/build.h:
builder/symset.h:
kpcheck.h:
analyzer/model/tree.h:
reports/output.h:
rules/findings.h:
