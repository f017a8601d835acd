build-m/analyzer/kbuild/objbuild.o: analyzer/kbuild/objbuild.c \
 analyzer/kbuild/ccwrap.h analyzer/kbuild/kbuild.h analyzer/model/model.h \
 analyzer/model/patch.h analyzer/kbuild/objbuild.h analyzer/model/tree.h \
 lib/cache.h lib/run.h lib/util.h
analyzer/kbuild/ccwrap.h:
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/kbuild/objbuild.h:
analyzer/model/tree.h:
lib/cache.h:
lib/run.h:
lib/util.h:
