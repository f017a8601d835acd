build-m/analyzer/object/objpair.o: analyzer/object/objpair.c \
 analyzer/object/objpair.h analyzer/kbuild/objbuild.h \
 analyzer/model/tree.h analyzer/model/patch.h lib/kpcache.h lib/util.h
analyzer/object/objpair.h:
analyzer/kbuild/objbuild.h:
analyzer/model/tree.h:
analyzer/model/patch.h:
lib/kpcache.h:
lib/util.h:
