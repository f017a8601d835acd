/*
 * Code that still runs (reach.c): which changed functions only init-time
 * code reaches, searched through the callers in the patched files and the
 * tree index.  Needs the tree; sets kp_def.init_chain.
 */
#ifndef KPCHECK_ANALYZER_PATCH_REACH_H
#define KPCHECK_ANALYZER_PATCH_REACH_H

struct kp_ctx;

void reach_build(struct kp_ctx *ctx);

#endif
