build-m/rules/modversions.o: rules/modversions.c \
 analyzer/model/objfacts.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h rules/rules.h analyzer/model/ctx.h rules/findings.h \
 rules/rules.def
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
