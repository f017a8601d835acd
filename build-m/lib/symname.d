build-m/lib/symname.o: lib/symname.c lib/symname.h lib/util.h
lib/symname.h:
lib/util.h:
