build-m/analyzer/patch/members.o: analyzer/patch/members.c \
 analyzer/patch/members.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h
analyzer/patch/members.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
