# kpcheck rework's static-key class: bonding's bond_info_show_master()
# reads the module's own key with static_key_enabled(); no bond in
# 802.3ad mode broadcasts neighbours, so the key is off and both the bond
# made before the load (bond0, at insmod) and the one made after (bond1)
# show "unicast" while patched; unpatched, the module's own line.
mode() { sed -n 's/^Bonding Mode: //p' "/proc/net/bonding/$1"; }
insmod /m/tls.ko && insmod /m/bonding.ko || fail rework-static-key "insmod bonding"
before=$(mode bond0)
klp_load rework_static_key || fail rework-static-key "load"
old=$(mode bond0)
echo +bond1 >/sys/class/net/bonding_masters
new=$(mode bond1)
klp_unload rework_static_key || fail rework-static-key "unload"
after=$(mode bond0)
if [ -n "$before" ] && [ "$old" = "$before (neighbours unicast)" ] &&
   [ "$new" = "$before (neighbours unicast)" ] && [ "$after" = "$before" ]; then
	pass rework-static-key
else
	fail rework-static-key "before '$before', old bond '$old', new bond '$new', after '$after'"
fi
