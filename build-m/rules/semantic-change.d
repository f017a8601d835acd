build-m/rules/semantic-change.o: rules/semantic-change.c \
 analyzer/model/srcfacts.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h rules/rules.h analyzer/model/ctx.h rules/findings.h \
 rules/rules.def
analyzer/model/srcfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
rules/rules.h:
analyzer/model/ctx.h:
rules/findings.h:
rules/rules.def:
