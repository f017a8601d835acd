build-m/analyzer/plugin.o: analyzer/plugin.c analyzer/plugin.h \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 lib/paths.h lib/util.h
analyzer/plugin.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/paths.h:
lib/util.h:
