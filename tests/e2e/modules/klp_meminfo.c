// SPDX-License-Identifier: GPL-2.0
#define KPCHECK_TARGET_LIVEPATCH
#include "kpp_meminfo.c"
