#define KPCHECK_TARGET_LIVEPATCH
#include "kpp_meminfo.c"
