# The Debian packages (debian/): built, checked by lintian, unpacked and
# run (tests/deb/run.sh); then kpcore-dkms built by DKMS for the kernel of
# $KVER (make check: dkms-test@6.1, dkms-test@6.12), or without KVER for
# every installed kernel that has its headers.
deb-test: deps
	@sh tests/deb/run.sh $(O)
dkms-test: deps
	@sh tests/deb/run.sh --dkms "$${KVER:-}" $(O)
CHECK_TREE += deb-test dkms-test
CHECK_KERNEL += dkms-test
CHECK_AFTER += dkms-test=deb-test
.PHONY: deb-test dkms-test
