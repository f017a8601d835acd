build-m/analyzer/patch/cscan.o: analyzer/patch/cscan.c \
 analyzer/patch/cscan.h analyzer/model/model.h analyzer/model/patch.h \
 lib/util.h
analyzer/patch/cscan.h:
analyzer/model/model.h:
analyzer/model/patch.h:
lib/util.h:
