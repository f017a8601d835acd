#define KPP_BAD 1
#include "kpp_bad.c"
