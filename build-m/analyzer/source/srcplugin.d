build-m/analyzer/source/srcplugin.o: analyzer/source/srcplugin.c \
 analyzer/plugin.h analyzer/model/ctx.h analyzer/model/model.h \
 analyzer/model/patch.h analyzer/source/srctier.h analyzer/source/clang.h \
 analyzer/model/srcfacts.h
analyzer/plugin.h:
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/source/srctier.h:
analyzer/source/clang.h:
analyzer/model/srcfacts.h:
