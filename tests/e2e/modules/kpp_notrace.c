#define KPP_BAD 3
#include "kpp_bad.c"
