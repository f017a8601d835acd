#!/usr/bin/env python3
"""Backlog benchmark (make bench-backlog): the real 6.1 stable fixes that
reverse-apply to the Debian tree, judged against one scratch tree with
all of them taken out again (tests/bench/realfix-tree.sh).

Per patch, one after the other, side by side in the same loop:
  clang  = one `clang-14 -fsyntax-only` of the post-image of each patched
           .c file with the flags the source tier uses (its flags cache);
  cold   = `kpcheck -C TREE FIX` with the caches emptied first (facts,
           preambles);
  warm   = the same again (the pre-image's facts and the file's
           precompiled preamble from the cache).
Then `kpcheck triage -j 2` over all of them: without the facts cache,
cold and warm; the verdicts of the three must agree.

Usage: backlog.py KPCHECK OUT.md [BENCHMARKS.md]
(env: KTREE, REALFIXES, BENCH_DIR, BENCH_LIMIT=N for the first N only)
The figures go to OUT.md and stdout, and replace the "## Backlog" section
of BENCHMARKS.md when it is given."""
import json, os, re, shutil, statistics, subprocess, sys, tempfile, time

kpcheck = os.path.abspath(sys.argv[1])
out_md = sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ktree = os.environ.get('KTREE') or subprocess.check_output(
    ['sh', os.path.join(root, 'scripts/ktree.sh')]).decode().strip()
fixdir = os.environ.get('REALFIXES') or next(
    (d for d in (os.path.join(root, '../shared/real-fixes/6.1-stable'),
                 '/work/shared/real-fixes/6.1-stable') if os.path.isdir(d)), None)
work = os.environ.get('BENCH_DIR', '/tmp/kpcheck-backlog')
if not fixdir:
    sys.exit('bench-backlog: no real-fix set (set REALFIXES)')

subprocess.check_call(['sh', os.path.join(root, 'tests/bench/realfix-tree.sh'),
                       ktree, fixdir, work])
tree = os.path.join(work, 'tree')
fixes = sorted(os.path.join(work, 'fixes', f) for f in os.listdir(os.path.join(work, 'fixes')))
limit = int(os.environ.get('BENCH_LIMIT', '0'))
if limit:	# a smoke run on the first fixes only
    os.makedirs(os.path.join(work, 'some'), exist_ok=True)
    for f in os.listdir(os.path.join(work, 'some')):
        os.unlink(os.path.join(work, 'some', f))
    for f in fixes[:limit]:
        shutil.copy(f, os.path.join(work, 'some'))
    fixes = sorted(os.path.join(work, 'some', os.path.basename(f)) for f in fixes[:limit])
fixes_dir = os.path.dirname(fixes[0])
cache = os.path.join(work, 'cache')
env = dict(os.environ, KPCHECK_CACHE=cache)
flags_dir = os.path.join(cache, 'flags', tree.replace('/', '_'))


def run(args, extra=None):
    """Wall seconds, peak RSS KiB (of this child alone), exit code, stdout;
    the CPU seconds (user + system, children included) in run.cpu."""
    e = dict(env, **(extra or {}))
    t0 = time.perf_counter()
    p = subprocess.Popen(args, env=e, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    outp = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    run.cpu = ru.ru_utime + ru.ru_stime
    return time.perf_counter() - t0, ru.ru_maxrss, p.returncode, outp


def c_files(fix):
    text = open(fix, errors='replace').read()
    return [f for f in re.findall(r'^\+\+\+ b/(\S+)$', text, re.M) if f.endswith('.c')], \
        re.findall(r'^\+\+\+ b/(\S+)$', text, re.M)


def clang_post(fix, tmp):
    """Seconds of clang -fsyntax-only over the post-images of the fix's .c
    files; None when there is none to parse (or no flags for it)."""
    cs, touched = c_files(fix)
    post = os.path.join(tmp, 'post')
    shutil.rmtree(post, ignore_errors=True)
    for f in touched:
        src = os.path.join(tree, f)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(os.path.join(post, f)), exist_ok=True)
            shutil.copy(src, os.path.join(post, f))
    if subprocess.call(['patch', '-s', '-p1', '-d', post, '-i', fix],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        return None
    total, cpu, n = 0.0, 0.0, 0
    for f in cs:
        fl = os.path.join(flags_dir, f.replace('/', '%') + '.flags')
        if not os.path.exists(fl):
            continue
        args = open(fl).read().split('\n')
        args = [a for a in args if a]
        # the post-image sits outside the tree: its own folder first for
        # #include "x.h", as clang would look beside the real file
        t, _, rc, _ = run(['clang-14', '-fsyntax-only'] + args +
                          ['-iquote', os.path.dirname(os.path.join(tree, f)),
                           os.path.join(post, f)])
        if rc == 0:
            total += t
            cpu += run.cpu
            n += 1
    return (total, cpu) if n else (None, None)


def stats(v):
    v = sorted(x for x in v if x is not None)
    if not v:
        return None, None
    return statistics.median(v), v[min(len(v) - 1, int(len(v) * 0.9 + 0.999) - 1)]


def triage(extra, name):
    t, rss, rc, o = run([kpcheck, 'triage', '-j', '2', '-f', 'json', '-C', tree,
                         fixes_dir], extra)
    doc = json.loads(o)
    open(os.path.join(work, name + '.json'), 'wb').write(o)
    verdicts = {os.path.basename(p['input']): (p['status'], p['rules'], p['functions'])
                for p in doc['patches']}
    return t, [p['seconds'] for p in doc['patches']], verdicts, rc


def main():
    main.load = open('/proc/loadavg').read().split()[:3]
    tmp = tempfile.mkdtemp()
    os.makedirs(cache, exist_ok=True)
    nflags = len(os.listdir(flags_dir)) if os.path.isdir(flags_dir) else 0
    if nflags < len(fixes) * 0.8:
        print(f'bench-backlog: priming the flags cache ({nflags} files known)', flush=True)
        triage({'KPCHECK_NO_CACHE': '1'}, 'prime')
    rows = []
    for i, fix in enumerate(fixes):
        cl, cl_cpu = clang_post(fix, tmp)
        subprocess.call([kpcheck, 'cache', 'clear'], env=env, stdout=subprocess.DEVNULL)
        cold, cold_rss, _, _ = run([kpcheck, '-C', tree, fix])
        cold_cpu = run.cpu
        warm, warm_rss, _, _ = run([kpcheck, '-C', tree, fix])
        rows.append((os.path.basename(fix), cl, cold, warm, cold_rss, warm_rss,
                     cl_cpu, cold_cpu, run.cpu))
        print(f'[{i + 1}/{len(fixes)}] clang {cl if cl is None else round(cl, 2)} '
              f'cold {cold:.2f} warm {warm:.2f} {os.path.basename(fix)}', flush=True)
    t_none, s_none, v_none, rc_none = triage({'KPCHECK_NO_CACHE': '1'}, 'nocache')
    subprocess.call([kpcheck, 'cache', 'clear'], env=env, stdout=subprocess.DEVNULL)
    t_cold, s_cold, v_cold, rc_cold = triage({}, 'cold')
    t_warm, s_warm, v_warm, rc_warm = triage({}, 'warm')
    same = v_none == v_cold == v_warm
    shutil.rmtree(tmp)
    write(rows, (t_none, s_none, rc_none), (t_cold, s_cold, rc_cold),
          (t_warm, s_warm, rc_warm), same, v_warm)


def cache_sizes():
    """The warm caches on disk: entries (sidecars aside) and MiB."""
    out = []
    for sub in ('facts', 'preambles'):
        d = os.path.join(cache, sub)
        names = os.listdir(d) if os.path.isdir(d) else []
        size = sum(os.path.getsize(os.path.join(d, f)) for f in names)
        out.append(f'{sub}/ {len([f for f in names if not f.endswith(".inc")])} entries, '
                   f'{size / 1048576:.0f} MiB')
    return 'Warm caches on disk: ' + '; '.join(out) + '.'


def fmt(x, d=2):
    return '-' if x is None else f'{x:.{d}f}'


def write(rows, none, cold, warm, same, verdicts):
    cl = [r[1] for r in rows]
    both = [r for r in rows if r[1]]
    cm, cp = stats(cl)
    km, kp = stats([r[2] for r in rows])
    wm, wp = stats([r[3] for r in rows])
    kcm, kcp = stats([r[2] for r in both])
    kwm, kwp = stats([r[3] for r in both])
    rcm, rcp = stats([r[2] / r[1] for r in both])
    rwm, rwp = stats([r[3] / r[1] for r in both])
    rss = max(max(r[4], r[5]) for r in rows)
    ccm, ccp = stats([r[6] for r in both])
    kccm, kccp = stats([r[7] for r in both])
    kwcm, kwcp = stats([r[8] for r in both])
    rccm, rccp = stats([r[7] / r[6] for r in both if r[6]])
    rwcm, rwcp = stats([r[8] / r[6] for r in both if r[6]])
    counts = {}
    for v in verdicts.values():
        counts[v[0]] = counts.get(v[0], 0) + 1
    load = open('/proc/loadavg').read().split()[:3]
    n = len(rows)
    L = []
    L.append('## Backlog (kpcheck triage, real fixes)')
    L.append('')
    L.append(f'`make bench-backlog` (tests/bench/backlog.py), {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, '
             f'{os.cpu_count()} cores, load average at the start {" ".join(main.load)}, '
             f'at the end {" ".join(load)}.')
    L.append(f'{n} real 6.1 stable fixes (those of /work/shared/real-fixes/6.1-stable whose '
             'INDEX.tsv says reverse_applies), judged against one scratch copy of the '
             'Debian tree with all of them reversed (tests/bench/realfix-tree.sh).  '
             'Flags cache warm; "cold" = the facts and preambles caches emptied before the run, '
             '"warm" = the same run again; clang = `clang-14 -fsyntax-only` of the '
             'post-image of each patched .c file with the flags the source tier uses, '
             'timed in the same loop right before kpcheck.  '
             f'{len(both)} of the {n} fixes have a clang column (the others patch only '
             'headers or files clang cannot parse standalone with these flags); the '
             'ratios are over those.')
    L.append('')
    L.append('| per patch, one at a time | median s | p90 s |')
    L.append('|---|---:|---:|')
    L.append(f'| kpcheck -C, cold (all {n}) | {fmt(km)} | {fmt(kp)} |')
    L.append(f'| kpcheck -C, warm (all {n}) | {fmt(wm)} | {fmt(wp)} |')
    L.append(f'| clang -fsyntax-only of the post-image ({len(both)}) | {fmt(cm)} | {fmt(cp)} |')
    L.append(f'| kpcheck cold, same {len(both)} | {fmt(kcm)} | {fmt(kcp)} |')
    L.append(f'| kpcheck warm, same {len(both)} | {fmt(kwm)} | {fmt(kwp)} |')
    L.append(f'| ratio kpcheck cold / clang | {fmt(rcm)} | {fmt(rcp)} |')
    L.append(f'| ratio kpcheck warm / clang | {fmt(rwm)} | {fmt(rwp)} |')
    L.append('')
    L.append('The same runs in CPU time (user + system of the process and its '
             'threads and children), which the other work on the machine '
             'disturbs far less than wall time:')
    L.append('')
    L.append(f'| CPU per patch, same {len(both)} | median s | p90 s |')
    L.append('|---|---:|---:|')
    L.append(f'| clang -fsyntax-only of the post-image | {fmt(ccm)} | {fmt(ccp)} |')
    L.append(f'| kpcheck cold | {fmt(kccm)} | {fmt(kccp)} |')
    L.append(f'| kpcheck warm | {fmt(kwcm)} | {fmt(kwcp)} |')
    L.append(f'| ratio kpcheck cold / clang | {fmt(rccm)} | {fmt(rccp)} |')
    L.append(f'| ratio kpcheck warm / clang | {fmt(rwcm)} | {fmt(rwcp)} |')
    L.append('')
    L.append(f'Peak RSS of one kpcheck run: {rss / 1024:.0f} MB.  ' + cache_sizes())
    L.append('')
    L.append('| kpcheck triage -j 2, all fixes | wall s | per 100 fixes s | per patch median s | p90 s | exit |')
    L.append('|---|---:|---:|---:|---:|---:|')
    for name, (t, s, rc) in (('no facts cache', none), ('facts cache cold', cold),
                             ('facts cache warm', warm)):
        m, p = stats(s)
        L.append(f'| {name} | {t:.1f} | {t * 100 / n:.1f} | {fmt(m)} | {fmt(p)} | {rc} |')
    L.append('')
    L.append(f'Verdicts identical across the three triage runs: {"yes" if same else "NO"}.  '
             'Verdicts: ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())) + '.')
    L.append('')
    goals = [('warm median < 0.6 s', wm is not None and wm < 0.6),
             ('warm <= 1.1x clang (median)', rwm is not None and rwm <= 1.1),
             ('cold <= 1.5x clang (median)', rcm is not None and rcm <= 1.5),
             ('100 fixes < 60 s on 2 cores, warm', warm[0] * 100 / n < 60)]
    L.append('Goals: ' + '; '.join(f'{g}: {"met" if ok else "NOT met"}' for g, ok in goals) + '.')
    L.append('')
    L.append('Where the time goes.  A patched .c file opens with its preamble '
             '(comments, #define pr_fmt, the #include lines), and parsing the headers it '
             'pulls in is most of clang\'s parse.  When the patch leaves the preamble '
             'alone (every fix here that patches a .c file only), kpcheck precompiles it '
             'once, function bodies skipped, into $KPCHECK_CACHE/preambles '
             '(analyzer/source/srcpch.c).  Cold, that costs about one parse without the '
             'headers\' function bodies plus writing the file, and then each image parses '
             'only the rest of the .c file against it.  Warm, the pre-image\'s facts come '
             'from the facts cache and the post-image\'s body is the only parse left: '
             'loading the preamble is lazy, so the run costs the process start, the '
             'plugin load and the main file.  A fix that patches a header or the '
             'preamble takes the older way (libclang\'s own preamble, then a reparse).')
    L.append('')
    L.append('Per patch (wall: clang s, cold s, warm s; cold/warm peak RSS KiB; '
             'CPU: clang s, cold s, warm s; fix):')
    L.append('')
    L.append('```')
    for r in rows:
        L.append(f'{fmt(r[1])} {r[2]:.2f} {r[3]:.2f} {r[4]} {r[5]} '
                 f'{fmt(r[6])} {r[7]:.2f} {r[8]:.2f} {r[0]}')
    L.append('```')
    L.append('')
    text = '\n'.join(L) + '\n'
    open(out_md, 'w').write(text)
    print(text)
    if len(sys.argv) > 3:
        splice(sys.argv[3], text)


def splice(path, section):
    """Replace the "## Backlog" section of @path (up to the next "## ")
    with @section, or append it."""
    old = open(path).read()
    m = re.search(r'^## Backlog \(kpcheck triage.*?(?=^## (?!#)|\Z)', old, re.M | re.S)
    new = old[:m.start()] + section + '\n' + old[m.end():] if m else old.rstrip('\n') + '\n\n' + section
    open(path, 'w').write(new)


main()
