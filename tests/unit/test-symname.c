/*
 * The one symbol-name parser (lib/symname.c): the names GCC and clang
 * give clones, split parts and static locals in real kernel objects
 * (kpatch's unit objects and the Debian 6.1 build).
 */
#include <stdlib.h>
#include "lib/symname.h"
#include "tests/unit/check.h"

static void canon(const char *name, const char *want, int want_static)
{
	bool sl;
	char *c = symname_canon(name, &sl);

	CHECK_STR(c, want);
	CHECK(sl == want_static);
	free(c);
}

static void test_canon(void)
{
	canon("put_aio_ring_file.isra.16", "put_aio_ring_file.isra", 0);
	canon("put_aio_ring_file.isra.19.cold.26", "put_aio_ring_file.isra.cold", 0);
	canon("copy_process.part.8", "copy_process.part", 0);
	canon("__already_done.12", "__already_done", 1);
	canon("lock.65414", "lock", 1);
	canon("__UNIQUE_ID_ddebug1131.186", "__UNIQUE_ID_ddebug", 1);
	canon("tcp_v4_rcv", "tcp_v4_rcv", 0);
}

static void test_special(void)
{
	CHECK(symname_special_static("__key.3"));
	CHECK(symname_special_static("_entry.10"));
	CHECK(symname_special_static("__func__.2"));
	CHECK(symname_special_static("__warned.41"));
	CHECK(symname_special_static("srcu_gp_start.__key"));	/* clang */
	CHECK(!symname_special_static("lock.65414"));
	CHECK(!symname_special_static("__keyring.4"));
	CHECK(!symname_special_static("my_entry.3"));
}

static void test_child(void)
{
	bool cold;
	const char *n = "meminfo_proc_open.cold.0", *m = "foo.isra.0.cold", *p = "audit_log_end.part.17";

	CHECK(symname_child_suffix(n, &cold) == n + 17 && cold);
	CHECK(symname_child_suffix(m, &cold) == m + 10 && cold);
	CHECK(symname_child_suffix(p, &cold) == p + 13 && !cold);
	CHECK(!symname_child_suffix("coldplug", &cold));
	CHECK(!symname_child_suffix("x.colder", &cold));
}

/* 6.12's objtool names each function's CALL_PADDING __pfx_NAME (FUNC, 16
 * bytes, right before NAME); clang's kCFI preamble is __cfi_NAME. */
static void test_padding(void)
{
	CHECK(symname_is_padding("__pfx_udf_rmdir"));
	CHECK(symname_is_padding("__cfi_udf_rmdir"));
	CHECK(!symname_is_padding("udf_rmdir"));
	CHECK(!symname_is_padding("__pfn_to_page"));
}

int main(void)
{
	test_canon();
	test_special();
	test_child();
	test_padding();
	return check_done();
}
