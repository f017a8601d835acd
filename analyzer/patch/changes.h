/*
 * The patch tier: builds ctx->model from ctx->patch (and ctx->tree, when
 * given, for whole-file scans and the in-memory post-image).
 */
#ifndef KPCHECK_ANALYZER_PATCH_CHANGES_H
#define KPCHECK_ANALYZER_PATCH_CHANGES_H

#include <stddef.h>

struct kp_ctx;

/* -1 with @err naming the input file and line on bad input. */
int changes_build(struct kp_ctx *ctx, char *err, size_t errlen);

#endif
