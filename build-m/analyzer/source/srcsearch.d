build-m/analyzer/source/srcsearch.o: analyzer/source/srcsearch.c \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/srcfacts.h analyzer/source/srctier.h \
 analyzer/source/clang.h analyzer/model/tree.h lib/run.h lib/util.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/srcfacts.h:
analyzer/source/srctier.h:
analyzer/source/clang.h:
analyzer/model/tree.h:
lib/run.h:
lib/util.h:
