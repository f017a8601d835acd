build-m/analyzer/source/cflags-src.o: analyzer/source/cflags-src.c \
 analyzer/source/cflags-src.h analyzer/source/cflags.h \
 analyzer/model/tree.h analyzer/model/patch.h lib/cache.h lib/util.h
analyzer/source/cflags-src.h:
analyzer/source/cflags.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
lib/cache.h:
lib/util.h:
