build-m/rules/static-call.o: rules/static-call.c \
 analyzer/model/objfacts.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/srcfacts.h rules/rules.h analyzer/model/ctx.h \
 rules/findings.h rules/rules.def
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/srcfacts.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
