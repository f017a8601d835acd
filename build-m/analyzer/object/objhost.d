build-m/analyzer/object/objhost.o: analyzer/object/objhost.c \
 analyzer/plugin.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h lib/util.h reports/jsonutil.h rules/rules.h \
 rules/findings.h rules/rules.def
analyzer/plugin.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
reports/jsonutil.h:
rules/rules.h:
rules/findings.h:
rules/rules.def:
