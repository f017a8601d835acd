build-m/analyzer/patch/changes.o: analyzer/patch/changes.c \
 analyzer/kbuild/kbuild.h analyzer/model/model.h analyzer/model/patch.h \
 analyzer/model/ctx.h analyzer/model/tree.h analyzer/patch/changes.h \
 analyzer/patch/cscan.h analyzer/patch/members.h lib/util.h
analyzer/kbuild/kbuild.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/ctx.h:
analyzer/model/tree.h:
analyzer/patch/changes.h:
analyzer/patch/cscan.h:
analyzer/patch/members.h:
lib/util.h:
