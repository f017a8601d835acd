// SPDX-License-Identifier: GPL-2.0
#define KPP_BAD 1
#include "kpp_bad.c"
