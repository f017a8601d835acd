build-m/analyzer/source/srcdiff.o: analyzer/source/srcdiff.c \
 analyzer/model/ctx.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/srcfacts.h analyzer/source/srctier.h \
 analyzer/source/clang.h lib/util.h
analyzer/model/ctx.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/srcfacts.h:
analyzer/source/srctier.h:
analyzer/source/clang.h:
lib/util.h:
