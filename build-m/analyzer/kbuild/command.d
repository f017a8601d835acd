build-m/analyzer/kbuild/command.o: analyzer/kbuild/command.c \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/tree.h lib/cache.h lib/util.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/tree.h:
lib/cache.h:
lib/util.h:
