/*
 * The manifest a built module carries (builder/manifest.c), parsed back
 * as kpcheck show, kpcheck list and kpcheck build --base read it: every
 * record, a subject with spaces, and text that is no manifest refused.
 */
#include <string.h>
#include "builder/manifest.h"
#include "tests/unit/check.h"

static const char text[] =
	"kpcheck-manifest 1\n"
	"version 0.1.0\nkernel 6.1.0-57-amd64\ncore livepatch\nreplace yes\n"
	"fix 49d93dda091e9021747d7b7a941e3ecb97008de6a804c9ef193c535653ba6ac0 "
	"proc: fix a leak in cmdline\n"
	"object vmlinux\nobject bridge\n"
	"function vmlinux cmdline_proc_show 0 e39dea33 1\n"
	"function bridge br_stp_set_enabled 2 - 1,2\n"
	"shadow 0x6b70\nstate 0x6b70 3\ncallback pre_patch\n";

int main(void)
{
	struct manifest m;
	const struct manifest_func *f;

	CHECK(manifest_parse(text, strlen(text), &m) == 0);
	CHECK_STR(m.kernel, "6.1.0-57-amd64");
	CHECK_STR(m.core, "livepatch");
	CHECK(m.replace);
	CHECK(m.nfixes == 1);
	CHECK_STR(m.fixes[0].subject, "proc: fix a leak in cmdline");
	CHECK(m.nobjects == 2 && m.nfuncs == 2);
	f = manifest_func(&m, "bridge", "br_stp_set_enabled");
	CHECK(f && f->sympos == 2);
	CHECK_STR(f ? f->fixes : NULL, "1,2");
	CHECK(manifest_func(&m, "vmlinux", "br_stp_set_enabled") == NULL);
	CHECK(manifest_state(&m, "0x6b70") && manifest_state(&m, "0x6b70")->version == 3);
	CHECK(m.nshadows == 1 && m.ncallbacks == 1);
	manifest_free(&m);
	CHECK(manifest_parse("version 1\n", 10, &m) == -1);
	return check_done();
}
