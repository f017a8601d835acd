build-m/reports/text.o: reports/text.c reports/output.h rules/findings.h \
 analyzer/model/model.h analyzer/model/patch.h rules/rules.h \
 analyzer/model/ctx.h rules/rules.def
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/rules.def:
