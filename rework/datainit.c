/* placeholder */
#include "rework/rework.h"

int rw_data_init(struct rework *rw, struct kp_ctx *ctx, const struct kp_finding *f)
{
	(void)rw; (void)ctx; (void)f;
	return 0;
}
