build-m/builder/kelf.o: builder/kelf.c lib/util.h builder/kelf.h
lib/util.h:
builder/kelf.h:
