/*
 * The context one patch is judged with: the patch, its change model, the
 * tree, and a hook for notices.  It lives with the model, below the tiers,
 * so that the tiers fill the model without knowing rules/ or reports/:
 * opt, report and last are opaque here and only rules/ and reports/ look
 * inside them.  Its layout is part of the plugin ABI (analyzer/plugin.h).
 */
#ifndef KPCHECK_ANALYZER_MODEL_CTX_H
#define KPCHECK_ANALYZER_MODEL_CTX_H

#include <stdarg.h>
#include "analyzer/model/model.h"

struct kp_options;
struct kp_report;
struct kp_finding;
struct kp_series;
struct kp_overlay;
struct kp_ctx;

/*
 * A notice is a plain diagnostic about the run (a hunk applied at an
 * offset, a tier that fell back), never a finding: tiers prove facts and
 * only rules/ judges.  The commands set the hook; NULL drops notices.
 */
typedef void kp_notice_fn(struct kp_ctx *ctx, const char *file, int line,
			  const char *message);

struct kp_ctx {
	const struct kp_options *opt;	/* rules/ and reports/ only */
	struct kp_series *series;
	struct kp_patch *patch;
	struct kp_model *model;
	struct kp_report *report;	/* reports/ only */
	const char *tree;		/* validated tree root, or NULL */
	struct kp_overlay *overlay;	/* files earlier patches of the series changed */
	struct kp_finding *last;	/* for report_note() */
	kp_notice_fn *notice;
};

void ctx_notice(struct kp_ctx *ctx, const char *file, int line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void ctx_vnotice(struct kp_ctx *ctx, const char *file, int line,
		 const char *fmt, va_list ap);

#endif
