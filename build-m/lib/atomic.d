build-m/lib/atomic.o: lib/atomic.c lib/util.h lib/atomic.h
lib/util.h:
lib/atomic.h:
