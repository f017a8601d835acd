build-m/analyzer/model/ctx.o: analyzer/model/ctx.c analyzer/model/ctx.h \
 analyzer/model/model.h analyzer/model/patch.h lib/util.h
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
