build-m/analyzer/source/srctier.o: analyzer/source/srctier.c \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/source/cflags.h analyzer/source/srccache.h \
 analyzer/source/clang.h analyzer/model/srcfacts.h \
 analyzer/source/srctier.h lib/util.h
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/source/cflags.h:
analyzer/source/srccache.h:
analyzer/source/clang.h:
analyzer/model/srcfacts.h:
analyzer/source/srctier.h:
lib/util.h:
