build-m/analyzer/source/cflags.o: analyzer/source/cflags.c \
 analyzer/source/cflags.h analyzer/source/cflags-src.h lib/util.h
analyzer/source/cflags.h:
analyzer/source/cflags-src.h:
lib/util.h:
