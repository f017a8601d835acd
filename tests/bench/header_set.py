#!/usr/bin/env python3
"""Header change set benchmark (make bench-header): the verdict of a header
fix whose static inline 86 built files expand
(tests/corpus/source/inline-propagation-ko.patch, skb_cloned() in
include/linux/skbuff.h), with -C TREE (source tier and the header change
set) and with --objects (every object of the set built before and after,
one make -jN per side, and diffed):

  source, cold     a fresh $KPCHECK_CACHE: tree index walked, every name
                   searched, libclang's preamble built
  source, warm     the same cache again
  objects, cold    a fresh $KPCHECK_CACHE and CCACHE_DIR: kbuild's prepared
                   layer made, every object compiled (one run: it is long)
  objects, warm    the same caches again: ccache hits

Medians of RUNS runs (1 for objects, cold; at most 2 for objects, warm:
each builds 2 x 86 objects).  The table starts with the date, the machine
and the load average, as BENCHMARKS.md wants them.  Usage:
  header_set.py KPCHECK OUT.md [RUNS]"""
import datetime, os, platform, re, resource, shutil, statistics, subprocess, sys, tempfile, time

kpcheck = os.path.abspath(sys.argv[1])
out = sys.argv[2]
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tree = os.environ.get('KTREE') or subprocess.check_output(
    ['sh', os.path.join(root, 'scripts/ktree.sh')]).decode().strip()
patch = os.path.join(root, 'tests/corpus/source/inline-propagation-ko.patch')


def run(extra, objects):
    env = dict(os.environ, **extra)
    args = [kpcheck, '-C', tree] + (['--objects'] if objects else []) + [patch]
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # kpcheck, make and every compiler it waited for: less load-bound than wall
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    last = p.stdout.strip().split('\n')[-1]
    if not last.startswith('verdict:'):
        sys.exit('bench-header: no verdict:\n' + p.stdout + p.stderr)
    m = re.search(r'(\d+) of (\d+) objects of the header change set built', p.stderr)
    return wall, last, m.group(0) if m else '', cpu


def fresh():
    d = tempfile.mkdtemp(prefix='kpcheck-bench-header-')
    return {'KPCHECK_CACHE': d + '/cache', 'CCACHE_DIR': d + '/ccache'}, d


def row(name, runs):
    w = statistics.median(r[0] for r in runs)
    c = statistics.median(r[3] for r in runs)
    print(f'{name}: {w:.1f} s wall, {c:.1f} s CPU ({len(runs)} run{"s" if len(runs) > 1 else ""}); '
          f'{runs[-1][1]} {runs[-1][2]}', flush=True)
    return f'| {name} | {w:.1f} s | {c:.1f} s | {len(runs)} | {runs[-1][1][9:]} {runs[-1][2]} |'


def machine():
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    with open('/proc/meminfo') as f:
        mem = int(f.readline().split()[1]) // (1024 * 1024)
    return (f'{now}, {platform.system()} {platform.machine()}, {os.cpu_count()} cores, '
            f'{mem} GiB, make -j{os.environ.get("KPCHECK_JOBS", os.cpu_count())}')


def main():
    head = machine()
    rows = []
    cold = []
    for _ in range(RUNS):
        env, d = fresh()
        cold.append(run(env, False))
        shutil.rmtree(d, ignore_errors=True)
    rows.append(row('source, cold', cold))
    env, d = fresh()
    run(env, False)
    rows.append(row('source, warm', [run(env, False) for _ in range(RUNS)]))
    rows.append(row('objects, cold', [run(env, True)]))
    rows.append(row('objects, warm', [run(env, True) for _ in range(min(RUNS, 2))]))
    shutil.rmtree(d, ignore_errors=True)
    load = open('/proc/loadavg').read().split()[:3]
    with open(out, 'w') as f:
        f.write(f'{head}; load average at the end {" ".join(load)}\n\n')
        f.write('| set-up | wall (median) | CPU (median) | runs | verdict |\n'
                '|---|---|---|---|---|\n')
        f.write('\n'.join(rows) + '\n')
    print('table in ' + out)


main()
