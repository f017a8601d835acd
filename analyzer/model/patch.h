/*
 * The patch reader: unified diffs (git diff / format-patch, diff -Nru,
 * diff -Nupr), mbox series and stdin, parsed into patches, files, hunks and
 * lines.  Every line remembers where it sits in the input (the patch line)
 * and in the pre- and post-image of its file, so a finding can point at
 * both.  The reader only parses; it judges nothing.
 */
#ifndef KPCHECK_ANALYZER_MODEL_PATCH_H
#define KPCHECK_ANALYZER_MODEL_PATCH_H

#include <stdbool.h>
#include <stddef.h>

enum kp_line_kind { LINE_CONTEXT, LINE_ADD, LINE_DEL };

struct kp_line {
	enum kp_line_kind kind;
	const char *text;	/* without the leading ' ', '+' or '-' */
	int len;		/* without the line end (LF or CRLF) */
	int old_no;		/* pre-image line, 0 for added lines */
	int new_no;		/* post-image line, 0 for deleted lines */
	int patch_line;		/* line in the patch input */
	bool no_newline;	/* followed by "\ No newline at end of file" */
};

struct kp_hunk {
	int old_start, old_count;
	int new_start, new_count;
	char *section;		/* text after the second "@@", or NULL */
	int patch_line;		/* the "@@" line */
	struct kp_line *lines;
	int nlines;
	int added, deleted;
};

enum kp_file_status {
	FILE_MODIFIED,
	FILE_NEW,
	FILE_DELETED,
	FILE_RENAMED,
	FILE_COPIED,
};

struct kp_file {
	char *old_path;		/* relative to the tree root, NULL if new */
	char *new_path;		/* relative to the tree root, NULL if deleted */
	const char *path;	/* new_path, or old_path for deletions */
	enum kp_file_status status;
	unsigned int old_mode, new_mode;	/* 0 when not given */
	bool binary;		/* "Binary files ... differ" or GIT binary patch */
	int patch_line;		/* first header line of this file */
	struct kp_hunk *hunks;
	int nhunks;
};

struct kp_patch {
	const char *input;	/* name of the input ("-" is <stdin>) */
	char *subject;		/* mbox/format-patch subject, or NULL */
	char *from;
	int index;		/* 1-based position in the series */
	int patch_line;		/* first line of this patch in the input */
	struct kp_file *files;
	int nfiles;
};

struct kp_series {
	const char *input;
	char *buf;		/* the whole input; lines point into it */
	size_t size;
	struct kp_patch *patches;
	int npatches;
};

/*
 * Parse @buf (owned by the series afterwards) read from @input.  On error
 * returns -1 and writes one message naming the input and the line to
 * @err (of size @errlen) and frees everything, @buf included, leaving @s
 * empty; nothing else is printed.
 */
int patch_parse(struct kp_series *s, const char *input, char *buf,
		size_t size, char *err, size_t errlen);

/* Read a file ("-" for stdin) whole.  -1 with @err set on failure. */
int patch_read_input(const char *input, char **buf, size_t *size,
		     char *err, size_t errlen);

void patch_free(struct kp_series *s);

#endif
