build-m/lib/paths.o: lib/paths.c lib/paths.h lib/util.h
lib/paths.h:
lib/util.h:
