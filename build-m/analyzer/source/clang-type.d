build-m/analyzer/source/clang-type.o: analyzer/source/clang-type.c \
 analyzer/source/clang-walk.h /usr/lib/llvm-14/include/clang-c/Index.h \
 /usr/lib/llvm-14/include/clang-c/BuildSystem.h \
 /usr/lib/llvm-14/include/clang-c/CXErrorCode.h \
 /usr/lib/llvm-14/include/clang-c/ExternC.h \
 /usr/lib/llvm-14/include/clang-c/Platform.h \
 /usr/lib/llvm-14/include/clang-c/CXString.h analyzer/source/clang.h \
 analyzer/model/model.h analyzer/model/patch.h analyzer/model/srcfacts.h \
 lib/util.h
analyzer/source/clang-walk.h:
/usr/lib/llvm-14/include/clang-c/Index.h:
/usr/lib/llvm-14/include/clang-c/BuildSystem.h:
/usr/lib/llvm-14/include/clang-c/CXErrorCode.h:
/usr/lib/llvm-14/include/clang-c/ExternC.h:
/usr/lib/llvm-14/include/clang-c/Platform.h:
/usr/lib/llvm-14/include/clang-c/CXString.h:
analyzer/source/clang.h:
analyzer/model/model.h:
analyzer/model/patch.h:
analyzer/model/srcfacts.h:
lib/util.h:
