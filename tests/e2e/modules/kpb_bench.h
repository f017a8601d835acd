/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kpb_bench.h - the function the call-overhead benchmark patches; global
 * so the patch modules find it by name, declared here so the definition
 * has a prototype.
 */
#ifndef KPB_BENCH_H
#define KPB_BENCH_H

int kpb_bench_target(int x);

#endif /* KPB_BENCH_H */
