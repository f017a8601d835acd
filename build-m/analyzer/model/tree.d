build-m/analyzer/model/tree.o: analyzer/model/tree.c analyzer/model/ctx.h \
 analyzer/model/model.h analyzer/model/patch.h analyzer/model/tree.h \
 lib/util.h
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/tree.h:
lib/util.h:
