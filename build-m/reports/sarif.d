build-m/reports/sarif.o: reports/sarif.c lib/util.h reports/jsonutil.h \
 reports/output.h rules/findings.h analyzer/model/model.h \
 analyzer/model/patch.h rules/rules.h analyzer/model/ctx.h \
 rules/rules.def
lib/util.h:
reports/jsonutil.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
