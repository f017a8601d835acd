build-m/analyzer/source/cflags-kbuild.o: analyzer/source/cflags-kbuild.c \
 analyzer/source/cflags-src.h analyzer/source/cflags.h \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h
analyzer/source/cflags-src.h:
analyzer/source/cflags.h:
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
