build-m/analyzer/source/srclock.o: analyzer/source/srclock.c \
 analyzer/model/srcfacts.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/source/srctier.h analyzer/source/clang.h lib/util.h
analyzer/model/srcfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/source/srctier.h:
analyzer/source/clang.h:
lib/util.h:
