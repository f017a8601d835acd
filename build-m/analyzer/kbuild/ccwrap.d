build-m/analyzer/kbuild/ccwrap.o: analyzer/kbuild/ccwrap.c \
 analyzer/kbuild/ccwrap.h lib/util.h
analyzer/kbuild/ccwrap.h:
lib/util.h:
