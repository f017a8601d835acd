#!/usr/bin/env python3
"""Patch-tier benchmark: wall time (median of runs) and peak memory of
`kpcheck PATCH` for every corpus patch and for generated patches of 12,500,
25,000 and 50,000 lines (memory must grow linearly with patch size).
Prints a Markdown section for BENCHMARKS.md.  Usage: patch_tier.py KPCHECK MAXRSS"""
import os, re, resource, statistics, subprocess, sys, tempfile, time

RUNS = 15
RETURNS = ('return 0;', 'return ret;', 'return err;', 'return -EINVAL;', 'return error;')
kpcheck = sys.argv[1]
MAXRSS = sys.argv[2]
tree = subprocess.check_output(['sh', 'scripts/ktree.sh']).decode().strip()


def run_once(args, stdin=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    return wall, p.returncode


def peak_rss_kib(args):
    """Peak RSS of one run, measured by the small C wrapper tests/bench/maxrss."""
    return int(subprocess.check_output([MAXRSS] + args, stderr=subprocess.DEVNULL))


def measure(args):
    times = sorted(run_once(args)[0] for _ in range(RUNS))
    return statistics.median(times) * 1000, peak_rss_kib(args)


def generated(lines_wanted, out):
    """A real-looking patch: 'return 0;' -> 'return (0);' across big files."""
    files = sorted(os.path.join(d, f) for d in ('kernel', 'mm', 'fs', 'net/ipv4')
                   for f in os.listdir(os.path.join(tree, d)) if f.endswith('.c'))
    total = 0
    with open(out, 'w') as f:
        for name in files:
            src = open(os.path.join(tree, name), errors='surrogateescape').read().split('\n')
            hunks = []
            for i, l in enumerate(src):
                if l.strip() in RETURNS and 3 <= i < len(src) - 4:
                    hunks.append(i)
            if not hunks:
                continue
            f.write(f'diff --git a/{name} b/{name}\n--- a/{name}\n+++ b/{name}\n')
            last = -10
            for i in hunks:
                if i - last < 8:
                    continue
                last = i
                new = re.sub(r'return (.*);', r'return (\1);', src[i])
                f.write(f'@@ -{i - 2},7 +{i - 2},7 @@\n')
                for k in range(i - 3, i):
                    f.write(' ' + src[k] + '\n')
                f.write('-' + src[i] + '\n+' + new + '\n')
                for k in range(i + 1, i + 4):
                    f.write(' ' + src[k] + '\n')
                total += 10
                if total >= lines_wanted:
                    return total
    return total


def main():
    cases = sorted(os.path.join(dp, f) for dp, _, fs in os.walk('tests/corpus')
                   for f in fs if f.endswith('.patch') and not f.startswith(('bad-', 'adv-')))
    rows, times = [], []
    for c in cases:
        ms, rss = measure([kpcheck, c])
        times.append(ms)
        rows.append((os.path.basename(c), ms, rss))
    gen_rows = []
    with tempfile.TemporaryDirectory() as d:
        for n in (12500, 25000, 50000):
            p = os.path.join(d, f'gen{n}.patch')
            got = generated(n, p)
            ms, rss = measure([kpcheck, p])
            ms_tree, rss_tree = measure([kpcheck, '-C', tree, p]) if n == 50000 else (None, None)
            gen_rows.append((got, os.path.getsize(p), ms, rss, ms_tree, rss_tree))
    print('### Patch tier: corpus (kpcheck PATCH, no tree)\n')
    print(f'Median of {RUNS} runs per patch; peak RSS of one run.\n')
    print(f'- {len(rows)} corpus patches: median {statistics.median(times):.2f} ms, '
          f'max {max(times):.2f} ms, peak RSS max {max(r[2] for r in rows)} KiB\n')
    print('| patch | median ms | peak RSS KiB |\n|---|---:|---:|')
    for name, ms, rss in rows:
        print(f'| {name} | {ms:.2f} | {rss} |')
    print('\n### Patch tier: generated patches\n')
    print('| patch lines | bytes | median ms | peak RSS KiB | with -C: median ms | with -C: peak RSS KiB |')
    print('|---:|---:|---:|---:|---:|---:|')
    for lines, size, ms, rss, mt, rt in gen_rows:
        print(f'| {lines} | {size} | {ms:.1f} | {rss} | {"%.1f" % mt if mt else "-"} | {rt or "-"} |')


main()
