build-m/analyzer/model/model.o: analyzer/model/model.c \
 analyzer/model/model.h analyzer/model/patch.h analyzer/model/srcfacts.h \
 analyzer/model/objfacts.h lib/util.h
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/srcfacts.h:
analyzer/model/objfacts.h:
lib/util.h:
