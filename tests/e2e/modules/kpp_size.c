#define KPP_BAD 2
#include "kpp_bad.c"
