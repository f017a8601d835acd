/*
 * The header change set: with -C TREE, after the source tier, every
 * function of a built .c file that expands what the patch changes in a
 * header (analyzer/model/model.h's struct kp_hdrset), and the changes
 * that make no code: files and definitions the tree's config does not
 * build, compile-time assertions, macros and constants nothing expands.
 */
#ifndef KPCHECK_ANALYZER_PATCH_HDRSET_H
#define KPCHECK_ANALYZER_PATCH_HDRSET_H

struct kp_ctx;

/* Fill ctx->model->hdrset; 0, or -1 when the tree cannot be indexed
 * (then a notice says so and the set stays unknown). */
int hdrset_build(struct kp_ctx *ctx);

#endif
