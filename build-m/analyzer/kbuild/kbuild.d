build-m/analyzer/kbuild/kbuild.o: analyzer/kbuild/kbuild.c \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/tree.h lib/run.h lib/util.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/tree.h:
lib/run.h:
lib/util.h:
