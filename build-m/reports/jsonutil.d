build-m/reports/jsonutil.o: reports/jsonutil.c lib/util.h \
 reports/jsonutil.h
lib/util.h:
reports/jsonutil.h:
