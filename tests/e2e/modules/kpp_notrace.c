// SPDX-License-Identifier: GPL-2.0
#define KPP_BAD 3
#include "kpp_bad.c"
