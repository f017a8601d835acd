build-m/rules/line-shift.o: rules/line-shift.c analyzer/model/objfacts.h \
 analyzer/model/model.h analyzer/model/patch.h rules/rules.h \
 analyzer/model/ctx.h rules/findings.h rules/rules.def
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
