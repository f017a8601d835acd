build-m/rules/inline-propagation.o: rules/inline-propagation.c \
 analyzer/model/srcfacts.h analyzer/model/model.h analyzer/model/patch.h \
 rules/rules.h analyzer/model/ctx.h rules/findings.h rules/rules.def
analyzer/model/srcfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
