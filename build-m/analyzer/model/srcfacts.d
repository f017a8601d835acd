build-m/analyzer/model/srcfacts.o: analyzer/model/srcfacts.c \
 analyzer/model/srcfacts.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h
analyzer/model/srcfacts.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
