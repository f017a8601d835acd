build-m/analyzer/plugin-host.o: analyzer/plugin-host.c \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/kbuild/objbuild.h analyzer/model/objfacts.h \
 analyzer/model/srcfacts.h analyzer/model/tree.h analyzer/plugin.h \
 analyzer/model/ctx.h lib/util.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/kbuild/objbuild.h:
analyzer/model/objfacts.h:
analyzer/model/srcfacts.h:
analyzer/model/tree.h:
analyzer/plugin.h:
analyzer/model/ctx.h:
lib/util.h:
