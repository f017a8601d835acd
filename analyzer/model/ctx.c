/*
 * Notices from any layer below the commands go through the context's
 * hook, so that the model and the tiers never include reports/.
 */
#include <stdlib.h>
#include "analyzer/model/ctx.h"
#include "lib/util.h"

void ctx_vnotice(struct kp_ctx *ctx, const char *file, int line,
		 const char *fmt, va_list ap)
{
	char *msg;

	if (!ctx->notice)
		return;
	msg = xvasprintf(fmt, ap);
	ctx->notice(ctx, file, line, msg);
	free(msg);
}

void ctx_notice(struct kp_ctx *ctx, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_vnotice(ctx, file, line, fmt, ap);
	va_end(ap);
}
