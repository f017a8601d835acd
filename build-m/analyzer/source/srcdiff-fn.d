build-m/analyzer/source/srcdiff-fn.o: analyzer/source/srcdiff-fn.c \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/ctx.h analyzer/model/srcfacts.h analyzer/source/srctier.h \
 analyzer/source/clang.h lib/util.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/ctx.h:
analyzer/model/srcfacts.h:
analyzer/source/srctier.h:
analyzer/source/clang.h:
lib/util.h:
