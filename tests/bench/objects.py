#!/usr/bin/env python3
"""Object-tier benchmark (make bench-objects): a one-file
`kpcheck --objects -C TREE PATCH` verdict (examples/changed-function-ok.patch,
fs/proc/cmdline.c) in five set-ups, three runs each, medians:

  sequential   no cache, original then patched build (the old way)
  at once      no cache, both sides built at once
  cached       the original from $KPCHECK_CACHE/objects (the usual case)
  ccache       cached, and the patched compile a ccache hit
  distcc       cached, the patched compile sent to a distccd on 127.0.0.1

Baseline, side by side in each run: the patched side's kbuild compile
alone, which kpcheck times and prints ("patched N s").  The ratio is
verdict / that compile.  No other compiler wrapper than the one named runs.
Usage: objects.py KPCHECK OUT.md [BENCHMARKS.md]"""
import os, re, statistics, subprocess, sys, tempfile, time

kpcheck = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tree = os.environ.get('KTREE') or subprocess.check_output(
    ['sh', os.path.join(root, 'scripts/ktree.sh')]).decode().strip()
patch = os.path.join(root, 'examples/changed-function-ok.patch')
RUNS = 3


def verdict(extra):
    e = dict(os.environ, **extra)
    t0 = time.perf_counter()
    p = subprocess.run([kpcheck, '--objects', '-C', tree, patch], env=e,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    m = re.search(r'built \S+ in ([\d.]+) s \((original [^,]+), patched ([\d.]+) s\)', p.stderr)
    if not m:
        sys.exit('bench-objects: no build line:\n' + p.stderr)
    return wall, float(m.group(3)), m.group(2), p.stdout.strip().split('\n')[-1]


def setup(name, extra, prime=False):
    if prime:
        verdict(extra)
    runs = [verdict(extra) for _ in range(RUNS)]
    w = statistics.median(r[0] for r in runs)
    c = statistics.median(r[1] for r in runs)
    print(f'{name}: verdict {w:.2f} s, patched compile {c:.2f} s, {runs[-1][2]}', flush=True)
    return name, w, c, runs[-1][2], runs[-1][3]


def main():
    tmp = tempfile.mkdtemp()
    rows = [setup('sequential, no cache', {'KPCHECK_NO_CACHE': '1', 'KPCHECK_CC_WRAPPER': 'none',
                                           'KPCHECK_OBJECT_BUILD': 'one-by-one'}),
            setup('at once, no cache', {'KPCHECK_NO_CACHE': '1', 'KPCHECK_CC_WRAPPER': 'none',
                                        'KPCHECK_OBJECT_BUILD': 'at-once'}),
            setup('original cached', {'KPCHECK_CC_WRAPPER': 'none'}, prime=True),
            setup('original cached, ccache warm', {'KPCHECK_CC_WRAPPER': 'ccache',
                                                   'CCACHE_DIR': tmp + '/ccache'}, prime=True)]
    port = 36000 + os.getpid() % 2000
    d = subprocess.Popen(['distccd', '--no-detach', '--daemon', '--listen', '127.0.0.1',
                          '--port', str(port), '--allow', '127.0.0.1', '--jobs', '2',
                          '--log-file', '/dev/null'])
    time.sleep(1)
    try:
        rows.append(setup('original cached, distcc (127.0.0.1)',
                          {'KPCHECK_CC_WRAPPER': 'distcc', 'DISTCC_HOSTS': f'127.0.0.1:{port}/2'}))
    finally:
        d.terminate()
        d.wait()
    load = open('/proc/loadavg').read().split()[:3]
    L = ['## Backlog: object builds (kpcheck --objects)', '',
         f'`make bench-objects` (tests/bench/objects.py), {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, '
         f'{os.cpu_count()} cores, load average at the end {" ".join(load)} (shared machine).  '
         'A one-file verdict, `kpcheck --objects -C TREE examples/changed-function-ok.patch` '
         '(fs/proc/cmdline.c), median of 3 wall times per set-up; the baseline is the '
         'patched side\'s kbuild compile in the same run (kpcheck times it).  '
         'Source-tier facts cache warm in every set-up but the first two.', '',
         '| set-up | verdict s | patched compile s | verdict / compile | original |',
         '|---|---:|---:|---:|---|']
    for name, w, c, orig, v in rows:
        L.append(f'| {name} | {w:.2f} | {c:.2f} | {w / c:.2f} | {orig} |')
    cached = rows[2]
    L += ['', f'Goal: a one-file verdict <= 1.3x one kbuild compile of the patched file with '
          f'the original cached: {cached[1] / cached[2]:.2f}x, '
          f'{"met" if cached[1] / cached[2] <= 1.3 else "NOT met"}.  '
          'distcc to the same machine only adds its round trip: it pays with other '
          'hosts in DISTCC_HOSTS.', '']
    text = '\n'.join(L) + '\n'
    open(sys.argv[2], 'w').write(text)
    print(text)
    if len(sys.argv) > 3:
        old = open(sys.argv[3]).read()
        m = re.search(r'^## Backlog: object builds.*?(?=^## (?!#)|\Z)', old, re.M | re.S)
        new = old[:m.start()] + text + '\n' + old[m.end():] if m else old.rstrip('\n') + '\n\n' + text
        open(sys.argv[3], 'w').write(new)


main()
