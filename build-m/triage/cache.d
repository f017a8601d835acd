build-m/triage/cache.o: triage/cache.c lib/kpcache.h triage/triage.h \
 rules/rules.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h rules/findings.h rules/rules.def
lib/kpcache.h:
triage/triage.h:
rules/rules.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
rules/findings.h:
rules/rules.def:
