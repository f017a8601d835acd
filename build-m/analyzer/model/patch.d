build-m/analyzer/model/patch.o: analyzer/model/patch.c \
 analyzer/model/patch.h lib/util.h
analyzer/model/patch.h:
lib/util.h:
