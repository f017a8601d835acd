build-m/builder/symset.o: builder/symset.c lib/util.h builder/symset.h
lib/util.h:
builder/symset.h:
