build-m/reports/json.o: reports/json.c reports/jsonutil.h \
 reports/output.h rules/findings.h analyzer/model/model.h \
 analyzer/model/patch.h rules/rules.h analyzer/model/ctx.h \
 rules/rules.def
reports/jsonutil.h:
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
