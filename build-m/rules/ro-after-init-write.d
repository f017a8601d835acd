build-m/rules/ro-after-init-write.o: rules/ro-after-init-write.c \
 analyzer/model/srcfacts.h analyzer/model/model.h analyzer/model/patch.h \
 rules/rules.h analyzer/model/ctx.h rules/findings.h rules/rules.def
analyzer/model/srcfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
