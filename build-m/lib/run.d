build-m/lib/run.o: lib/run.c lib/run.h lib/util.h
lib/run.h:
lib/util.h:
