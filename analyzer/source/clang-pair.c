/*
 * Calls that open or close something another function may close or open:
 * locks (spin, rw, mutex, rwsem, lock_sock), RCU read-side sections and
 * references (foo_get/foo_put and the usual short names).  The callee's
 * name sorts a call; its first argument, as the patch author wrote it,
 * names the lock, so that "&sk->sk_lock.slock" and "tbl->lock" are told
 * apart.
 *
 * The kernel's lock "calls" are often macros (spin_lock_irqsave() is
 * raw_spin_lock_irqsave(spinlock_check(lock), flags), which becomes
 * _raw_spin_lock_irqsave(...)): the callee is the function the macros
 * end in, the name shown is the one written at the call, and the
 * argument is found by going down through the helpers the macros wrap
 * around it until an expression written in the file is reached.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/source/clang-walk.h"
#include "lib/util.h"

static bool in_list(const char *n, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(n, list[i]))
			return true;
	return false;
}

/* RCU and SRCU read-side sections, plain, _bh and _sched. */
static int rcu_dir(const char *n)
{
	static const char *const take[] = { "rcu_read_lock", "rcu_read_lock_bh",
		"rcu_read_lock_sched", "rcu_read_lock_sched_notrace",
		"srcu_read_lock", "srcu_read_lock_notrace", NULL };
	static const char *const drop[] = { "rcu_read_unlock",
		"rcu_read_unlock_bh", "rcu_read_unlock_sched",
		"rcu_read_unlock_sched_notrace", "srcu_read_unlock",
		"srcu_read_unlock_notrace", NULL };

	return in_list(n, take) ? 1 : in_list(n, drop) ? -1 : 0;
}

/* Locks: *_unlock* releases, *_lock* and *_trylock* take; helpers that
 * only test, initialise or annotate a lock do neither. */
static int lock_dir(const char *n)
{
	static const char *const take[] = { "down", "down_read", "down_write",
		"down_interruptible", "down_killable", "down_read_killable",
		"down_write_killable", "down_read_interruptible", "down_trylock",
		"down_read_trylock", "down_write_trylock", "lock_sock",
		"lock_sock_fast", "mutex_lock", "mutex_trylock", NULL };
	static const char *const drop[] = { "up", "up_read", "up_write",
		"release_sock", "unlock_sock_fast", NULL };
	static const char *const not[] = { "_lock_init", "is_locked",
		"_lockdep", "lock_held", "_lock_class", "_lockref", "_lock_key",
		"_locked", "assert_", "_lock_cmpxchg", NULL };

	if (in_list(n, take))
		return 1;
	if (in_list(n, drop))
		return -1;
	for (int i = 0; not[i]; i++)
		if (strstr(n, not[i]))
			return 0;
	if (strstr(n, "unlock"))
		return -1;
	return strstr(n, "_lock") || str_starts(n, "lock_") ? 1 : 0;
}

/* A bare get_ prefix is no reference (get_current, get_random_u32). */
int pair_ref_dir(const char *n)
{
	static const char *const get[] = { "dget", "mmget", "mmgrab", "fdget",
		"igrab", "sock_hold", "get_task_struct", "kref_get",
		"refcount_inc", "get_pid", "get_file", "pci_dev_get",
		"get_device", "of_node_get", "dev_hold", "get_net", NULL };
	static const char *const put[] = { "dput", "mmput", "mmdrop", "fdput",
		"iput", "sock_put", "put_task_struct", "kref_put",
		"refcount_dec", "refcount_dec_and_test", "put_pid", "fput",
		"pci_dev_put", "put_device", "of_node_put", "dev_put", "put_net", NULL };

	static const char *const data[] = { "skb_put", "__skb_put", "nla_put",
		"kfifo_put", "kfifo_get", "put_unaligned", "get_unaligned", NULL };

	if (strstr(n, "time_get") || strstr(n, "_cpu"))
		return 0;	/* ktime_get, put_cpu: clocks and preemption */
	for (int i = 0; data[i]; i++)	/* buffers, not references */
		if (str_starts(n, data[i]))
			return 0;
	if (in_list(n, get) || str_ends(n, "_get"))
		return 1;
	if (in_list(n, put) || str_ends(n, "_put"))
		return -1;
	return 0;
}

static void classify(const char *n, struct cl_use *u)
{
	int d;

	if ((d = rcu_dir(n)) != 0)
		u->pair = PAIR_RCU;
	else if (strstr(n, "rcu_read") || strstr(n, "rcu_dereference"))
		return;
	else if ((d = lock_dir(n)) != 0)
		u->pair = PAIR_LOCK;
	else if ((d = pair_ref_dir(n)) != 0)
		u->pair = PAIR_REF;
	u->pair_dir = d;
}

/* Offsets of a range's ends in the file where its text is written. */
static const char *written(CXTranslationUnit tu, CXSourceRange r, size_t *len)
{
	CXFile f1, f2;
	unsigned int o1, o2;
	size_t flen;
	const char *text;

	clang_getFileLocation(clang_getRangeStart(r), &f1, NULL, NULL, &o1);
	clang_getFileLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &o2);
	if (!f1 || !f2 || !clang_File_isEqual(f1, f2) || o2 <= o1 || o2 - o1 > 200)
		return NULL;
	text = clang_getFileContents(tu, f1, &flen);
	if (!text || o2 > flen)
		return NULL;
	*len = o2 - o1;
	return text + o1;
}

/* @s with every run of white space made one space. */
static char *squeeze(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;

	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i])) {
			if (o > out && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = s[i];
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = 0;
	return out;
}

static enum CXChildVisitResult last_child(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	(void)parent;
	*(CXCursor *)data = c;
	return CXChildVisit_Continue;
}

/* The expression as written: itself when its text lies in one file,
 * else the argument of the macro helper it is (spinlock_check(lock)). */
static char *expr_text(CXTranslationUnit tu, CXCursor e, int depth)
{
	size_t len;
	const char *t = written(tu, clang_getCursorExtent(e), &len);
	CXCursor inner = clang_getNullCursor();

	if (t)
		return squeeze(t, len);
	if (depth > 4)
		return NULL;
	if (clang_getCursorKind(e) == CXCursor_CallExpr &&
	    clang_Cursor_getNumArguments(e) > 0)
		inner = clang_Cursor_getArgument(e, 0);
	else
		clang_visitChildren(e, last_child, &inner);
	return clang_Cursor_isNull(inner) ? NULL : expr_text(tu, inner, depth + 1);
}

/* The identifier at the start of the call as written in the file. */
static char *spelled_name(CXTranslationUnit tu, CXCursor c)
{
	CXFile f;
	unsigned int off;
	size_t flen, n = 0;
	const char *text;

	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), &f,
			      NULL, NULL, &off);
	text = f ? clang_getFileContents(tu, f, &flen) : NULL;
	if (!text || off >= flen)
		return NULL;
	while (off + n < flen && is_ident_char((unsigned char)text[off + n]))
		n++;
	return n ? xstrndup(text + off, n) : NULL;
}

void pair_call(CXTranslationUnit tu, CXCursor c, struct cl_use *u)
{
	classify(u->name, u);
	if (!u->pair)
		return;
	u->spelled = spelled_name(tu, c);
	if (clang_Cursor_getNumArguments(c) > 0)
		u->lock = expr_text(tu, clang_Cursor_getArgument(c, 0), 0);
}
