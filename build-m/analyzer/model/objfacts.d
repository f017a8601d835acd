build-m/analyzer/model/objfacts.o: analyzer/model/objfacts.c \
 analyzer/model/objfacts.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h
analyzer/model/objfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
