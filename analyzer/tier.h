/*
 * The source and object tiers live in plugins (build/kpcheck-source.so,
 * build/kpcheck-object.so) that the main program dlopen()s only when the
 * tier runs: libclang alone costs ~10 ms and 57 MB to start, which a plain
 * patch-tier run must not pay.  Plugins call back into the main program
 * (model_*, report*, tree_*), which is linked with -rdynamic.
 *
 * Plugin entry points (resolved with dlsym):
 *   int kp_source_analyze(struct kp_ctx *ctx);   fills TIER_SOURCE facts
 *   int kp_object_analyze(struct kp_ctx *ctx);   fills TIER_OBJECT facts
 *   int kp_objdiff_analyze(struct kp_ctx *ctx, const char *orig,
 *           const char *patched, char *err, size_t errlen);
 *                                                fills the objdiff model
 * An analyze function returns 0, or -1 after report_notice()ing why; the
 * caller then keeps the lower tiers' facts.
 */
#ifndef KPCHECK_ANALYZER_TIER_H
#define KPCHECK_ANALYZER_TIER_H

struct kp_ctx;

#define KP_SOURCE_PLUGIN "kpcheck-source.so"
#define KP_OBJECT_PLUGIN "kpcheck-object.so"

/* Look up @symbol in @plugin (next to the kpcheck binary, or in
 * $KPCHECK_LIBDIR); NULL when unavailable, tier_last_error() says why. */
void *tier_symbol(const char *plugin, const char *symbol);
const char *tier_last_error(void);

/* Run the analyze entry point of a plugin on ctx; -1 when it failed. */
int tier_analyze(struct kp_ctx *ctx, const char *plugin, const char *symbol);

#endif
