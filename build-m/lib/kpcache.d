build-m/lib/kpcache.o: lib/kpcache.c lib/cache.h lib/kpcache.h lib/util.h
lib/cache.h:
lib/kpcache.h:
lib/util.h:
