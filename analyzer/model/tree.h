/*
 * The tree reader: a kernel tree given with -C, read and never written.
 * Files are opened beneath the tree root only (openat2 RESOLVE_BENEATH), so
 * a "../" path or a symlink pointing outside is refused, and the patch is
 * applied in memory with patch(1)'s tolerance for offset and fuzz.
 */
#ifndef KPCHECK_ANALYZER_MODEL_TREE_H
#define KPCHECK_ANALYZER_MODEL_TREE_H

#include <stddef.h>
#include "analyzer/model/patch.h"

struct kp_ctx;

/* Check that @dir looks like a kernel tree; -1 with @err set if not. */
int tree_validate(const char *dir, char *err, size_t errlen);

/*
 * Read @path (relative) beneath @root.  Returns 0 with a NUL-terminated
 * malloc()ed buffer, 1 when the file does not exist, -1 with @err set on
 * any other failure (outside the tree, not a regular file, too large).
 */
int tree_read(const char *root, const char *path, char **buf, size_t *len,
	      char *err, size_t errlen);

/*
 * Apply @f's hunks to @pre (may be NULL for a new file), producing the
 * post-image.  Offsets and fuzz are reported as notices on ctx, and the
 * hunks are renumbered to where they really applied; a hunk
 * that does not apply is an error: -1 with @err naming it.
 */
int tree_apply(struct kp_ctx *ctx, struct kp_file *f, const char *pre,
	       size_t pre_len, char **post, size_t *post_len,
	       char *err, size_t errlen);

/*
 * The files a series has patched so far: patch N of an mbox applies on top
 * of patches 1..N-1, in memory like everything else.  A NULL text marks a
 * file the series deleted.
 */
struct kp_overlay {
	char **paths;
	char **texts;
	size_t *lens;
	int n;
};

/* 0 and the text (not a copy), 1 when deleted, -1 when not overlaid. */
int overlay_get(const struct kp_overlay *o, const char *path,
		const char **text, size_t *len);
void overlay_put(struct kp_overlay *o, const char *path, const char *text,
		 size_t len);
void overlay_free(struct kp_overlay *o);

#endif
