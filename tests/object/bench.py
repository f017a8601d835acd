#!/usr/bin/env python3
"""Object-tier figures for BENCHMARKS.md: kpcheck objdiff on large real
objects of the Debian tree, built before and after tests/object/bench/*.patch
(one comment line at the top: every line below moves, so every function
and every __bug_table entry is compared, the differ's worst case).
Wall time is the median of RUNS runs of the whole command (process start,
plugin load, both objects, output); peak RSS comes from wait4() via maxrss.
   bench.py KPCHECK MAXRSS [RUNS]"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

kpcheck, maxrss = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
here = os.path.dirname(os.path.abspath(__file__))
pairs = [('sched-core', 'kernel/sched/core.o'), ('mm-memory', 'mm/memory.o'),
         ('ipv4-tcp', 'net/ipv4/tcp.o')]

rows = []
with tempfile.TemporaryDirectory() as tmp:
    for name, obj in pairs:
        out = os.path.join(tmp, name)
        subprocess.run(['sh', os.path.join(here, 'pair.sh'),
                        os.path.join(here, 'bench', name + '.patch'), out, obj],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cwd = os.path.join(out, 'patched')
        cmd = [kpcheck, 'objdiff', '../orig/' + obj, obj]
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL)
            times.append((time.perf_counter() - t) * 1000)
        rss = subprocess.run([maxrss] + cmd, cwd=cwd, capture_output=True,
                             text=True).stdout.strip()
        size = os.path.getsize(os.path.join(cwd, obj))
        nfunc = subprocess.run(['sh', '-c', "readelf -sW %s | grep -c ' FUNC '" % obj],
                               cwd=cwd, capture_output=True, text=True).stdout.strip()
        rows.append((obj, size, nfunc, statistics.median(times), rss))

print('| object | size (KiB) | functions | median ms | ms per MiB | peak RSS KiB |')
print('|---|---:|---:|---:|---:|---:|')
for obj, size, nfunc, ms, rss in rows:
    print('| %s | %d | %s | %.2f | %.2f | %s |' % (obj, size // 1024, nfunc, ms,
                                                 ms / (size / 1048576), rss))
