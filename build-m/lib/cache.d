build-m/lib/cache.o: lib/cache.c lib/cache.h lib/util.h
lib/cache.h:
lib/util.h:
