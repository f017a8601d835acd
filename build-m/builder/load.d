build-m/builder/load.o: builder/load.c builder/load.h
builder/load.h:
