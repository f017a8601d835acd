# bench.awk - turns guest-bench.sh's "bench ..." lines into the markdown
# of BENCHMARKS.md's kpcore section.  Figures from the guest are ps per
# loop iteration; the cost of a call is its loop minus the empty loop.
function val(s, key,    i, n, kv) {
	n = split(s, kv, " ")
	for (i = 1; i <= n; i++)
		if (index(kv[i], key "=") == 1)
			return substr(kv[i], length(key) + 2)
	return ""
}
$2 == "call" { rest = $0; sub(/^bench call [^ ]+ /, "", rest)
	name[++n] = $3; value[$3] = val(rest, "value")
	cost[$3] = val(rest, "call_ps") - val(rest, "loop_ps") }
$2 == "mem" { mem[$3] = $4 }
$2 == "path" { p = $0; sub(/^bench path [^ ]+ /, "", p); gsub(/\t/, " ", p)
	gsub(/ +/, " ", p); path[$3] = p }
$2 == "shadow" { sh = $0 }
$2 == "spectre_v2" { sp = $0; sub(/^bench spectre_v2 /, "", sp) }
END {
	base = (cost["unpatched"] + cost["unpatched-again"]) / 2
	klp = cost["livepatch"] - base
	printf "Measured %s.\n\n", date
	print "| call of kpb_bench_target() | returns | ns per call | x unpatched | overhead ns | overhead x livepatch's |"
	print "|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		c = name[i]; o = cost[c] - base
		printf "| %s | %s | %.1f | %.2f | %s | %s |\n", c, value[c],
			cost[c] / 1000, cost[c] / base,
			c ~ /^unpatched/ ? "-" : sprintf("%.1f", o / 1000),
			c ~ /^unpatched/ || klp <= 0 ? "-" : sprintf("%.2f", o / klp)
	}
	print ""
	for (c in path)
		printf "- ftrace's view, %s: `%s`\n", c, path[c]
	split(sh, f, " ")
	loop = val(sh, "loop_ps"); kc = val(sh, "kpcore_ps") - loop
	lc = val(sh, "klp_ps") - loop
	printf "- shadow get, %s variables per store: kpcore %.1f ns, klp_shadow_get %.1f ns: %.2fx\n",
		val(sh, "objects"), kc / 1000, lc / 1000, (lc > 0 ? kc / lc : 0)
	printf "- MemAvailable: %d kB before the kpcore patch, %d kB after (%+d kB); %d kB before the livepatch one, %d kB after (%+d kB)\n",
		mem["before-kpcore"], mem["after-kpcore"],
		mem["after-kpcore"] - mem["before-kpcore"],
		mem["before-livepatch"], mem["after-livepatch"],
		mem["after-livepatch"] - mem["before-livepatch"]
	printf "- guest spectre_v2: %s\n", sp
}
