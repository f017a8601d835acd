build-m/reports/verdict.o: reports/verdict.c reports/output.h \
 rules/findings.h analyzer/model/model.h analyzer/model/patch.h
reports/output.h:
rules/findings.h:
analyzer/model/model.h:
analyzer/model/patch.h:
