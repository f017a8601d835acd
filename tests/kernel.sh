# kernel.sh - the kernel a guest test boots, sourced by the qemu suites
# (tests/e2e/run.sh, tests/build/run.sh).
#
# KVER names it: empty or the default's version (6.1) is the kernel
# Debian's linux-image-amd64 depends on; another version X.Y is the one
# linux-image-X.Y-amd64 depends on (6.12: 6.12.118+deb12-amd64); a full
# release with an installed /boot/vmlinuz-RELEASE is taken as it is.
# Everything else follows from the release: /boot/vmlinuz-RELEASE and
# /lib/modules/RELEASE/{kernel,build}.  Never the host's running kernel,
# which is no target.

# kernel_depends PACKAGE: the release an image metapackage depends on.
kernel_depends() {
	dpkg-query -W -f='${Depends}' "$1" 2>/dev/null |
		sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p'
}

# kernel_release [KVER]: print the release KVER names, or say why not
# (exit status 2).
kernel_release() {
	kr_want=${1:-${KVER:-}}
	kr_default=$(kernel_depends linux-image-amd64)
	case $kr_want in
	'' | "${kr_default%%-*}" | "${kr_default%.*-*}") kr_rel=$kr_default
		kr_pkg=linux-image-amd64 ;;
	*) kr_pkg=linux-image-$kr_want-amd64
		if [ -f "/boot/vmlinuz-$kr_want" ]; then kr_rel=$kr_want
		else kr_rel=$(kernel_depends "$kr_pkg"); fi ;;
	esac
	if [ -z "$kr_rel" ] || [ ! -f "/boot/vmlinuz-$kr_rel" ]; then
		echo "kernel ${kr_want:-default}: $kr_pkg is not installed (KVER=${kr_want:-6.1} sh scripts/deps.sh)" >&2
		return 2
	fi
	echo "$kr_rel"
}

# kernel_module RELEASE NAME DIR: copy module NAME of that kernel into
# DIR as NAME.ko, uncompressed (6.12's are xz, which busybox insmod
# does not read).
kernel_module() {
	km=$(find "/lib/modules/$1/kernel" -name "$2.ko" -o -name "$2.ko.*" | head -n 1)
	case $km in
	'') echo "kernel $1: no module $2" >&2; return 1 ;;
	*.xz) xz -dc "$km" >"$3/$2.ko" ;;
	*.zst) zstd -qdc "$km" >"$3/$2.ko" ;;
	*.gz) gzip -dc "$km" >"$3/$2.ko" ;;
	*) cp "$km" "$3/$2.ko" ;;
	esac
}
