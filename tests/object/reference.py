#!/usr/bin/env python3
"""kpcheck objdiff against kpatch's create-diff-object on kpatch's own unit
object pairs (dynup/kpatch-unit-test-objs, x86_64).

   reference.py table KPCHECK          agreement table over all pairs
   reference.py check KPCHECK          the vendored pairs (no network, no kpatch)
   reference.py bench KPCHECK [ROUNDS] timing, kpcheck beside create-diff-object
   reference.py record KPCHECK         print expected.tsv from create-diff-object

The pairs come from $KPATCH_UNIT_OBJS (the repository or its x86_64/ dir),
else from the bare mirror $KPATCH_UNIT_MIRROR (git archive into a scratch
dir).  create-diff-object is used when found at $CREATE_DIFF_OBJECT or on
PATH; without it the table compares with kpatch's results recorded in
tests/object/reference/expected.tsv.

A verdict is a class (0 eligible, 1 refused, 3 nothing changed) and the set
of changed plus new functions.  Names are compared without the numbers GCC
makes up per build (foo.isra.16 == foo.isra.19), and a .cold part counts as
its parent, as kpatch folds it (kpatch does not fold .part.N).  Pairs where
kpatch is wrong are listed in tests/object/reference/kpatch-wrong.tsv with
kpcheck's (right) verdict; doc/reference.md gives the proof for each."""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REFDIR = os.path.join(HERE, 'reference')
MIRROR = os.environ.get('KPATCH_UNIT_MIRROR',
                        '/work/.mirror/dynup+kpatch-unit-test-objs/repo')
# What kpatch's x86_64 unit Makefile passes (CDO_ENV): the entry sizes of
# the special sections of the kernels the objects came from.
CDO_ENV = dict(PARA_STRUCT_SIZE='16', EX_STRUCT_SIZE='12', BUG_STRUCT_SIZE='12',
               ALT_STRUCT_SIZE='13', JUMP_STRUCT_SIZE='24', ORC_STRUCT_SIZE='6',
               STATIC_CALL_STRUCT_SIZE='8', PRINTK_INDEX_STRUCT_SIZE='44')


def die(msg):
    print('make reference: ' + msg, file=sys.stderr)
    sys.exit(2)


def norm(name):
    """foo.isra.16.cold.3 -> foo.isra: the name kpatch's set would hold."""
    i = name.find('.cold')
    if i > 0 and (len(name) == i + 5 or name[i + 5] == '.'):
        name = name[:i]
    return '.'.join(p for p in name.split('.') if not p.isdigit())


VENDORED = os.path.join(REFDIR, 'kpatch-unit-x86_64.tar.xz')


def untar(tarball, tmp):
    subprocess.run(['tar', '-xJf', tarball, '-C', tmp], check=True)
    return os.path.join(tmp, 'x86_64')


def unit_dir(tmp):
    d = os.environ.get('KPATCH_UNIT_OBJS')
    if d:
        x = os.path.join(d, 'x86_64')
        d = x if os.path.isdir(x) else d
        if not os.path.isdir(d):
            die('KPATCH_UNIT_OBJS=%s is not a directory' % d)
        return d
    if not os.path.isdir(MIRROR):
        die('no kpatch unit objects: set KPATCH_UNIT_OBJS=DIR or fetch '
            'dynup/kpatch-unit-test-objs to %s' % MIRROR)
    arch = subprocess.Popen(['git', '-C', MIRROR, 'archive', 'HEAD', 'x86_64'],
                            stdout=subprocess.PIPE)
    subprocess.run(['tar', '-x', '-C', tmp], stdin=arch.stdout, check=True)
    if arch.wait():
        die('git archive of %s failed' % MIRROR)
    return os.path.join(tmp, 'x86_64')


def pairs(d):
    out = []
    for f in sorted(os.listdir(d)):
        if not f.endswith('.ORIG.o'):
            continue
        name = f[:-len('.ORIG.o')]
        for ext, fail in (('.PATCHED.o', False), ('.PATCHED.FAIL.o', True)):
            if os.path.exists(os.path.join(d, name + ext)):
                out.append((name, os.path.join(d, f), os.path.join(d, name + ext), fail))
    return out


def kpcheck_funcs(j):
    """The functions objdiff carries, pieces (.cold/.part with a parent)
    folded into their parent as kpatch folds them.  The report format
    names definitions (foo for foo.isra.0): base names are then marked
    with a leading '=' so that compare() folds kpatch's side alike."""
    if 'functions' in j:
        return set(norm(f['name']) for f in j['functions'] if not f.get('part_of'))
    return set('=' + f['name'] for p in j.get('patches', []) for f in p.get('functions', []))


def base_names(funcs):
    return set(f.lstrip('=').split('.')[0] for f in funcs)


def run_kpcheck(kpcheck, orig, patched):
    p = subprocess.run([kpcheck, 'objdiff', '-f', 'json', orig, patched],
                       capture_output=True, text=True)
    if p.returncode == 2:
        return 2, set(), p.stderr.strip()
    return p.returncode, kpcheck_funcs(json.loads(p.stdout)), ''


def find_cdo():
    c = os.environ.get('CREATE_DIFF_OBJECT') or shutil.which('create-diff-object')
    return c if c and os.access(c, os.X_OK) else None


def cdo_cmd(cdo, d, name, orig, patched, tmp):
    symtab = os.path.join(tmp, name + '.symtab')
    if not os.path.exists(symtab):
        st = subprocess.run(['readelf', '-s', '--wide', orig], capture_output=True,
                            text=True, check=True).stdout
        with open(symtab, 'w') as f:
            f.write(st.replace(' [<localentry>: 8]', ''))
    env = dict(os.environ, **CDO_ENV)
    envfile = os.path.join(d, name + '.env')
    if os.path.exists(envfile):
        for w in open(envfile).read().split():
            k, _, v = w.partition('=')
            env[k] = v
    return [cdo, orig, patched, 'vmlinux', symtab, '/dev/null', 'test_' + name,
            os.path.join(tmp, name + '.OUTPUT.o')], env


def run_cdo(cdo, d, name, orig, patched, tmp):
    cmd, env = cdo_cmd(cdo, d, name, orig, patched, tmp)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    funcs = set()
    for line in p.stdout.splitlines():
        for tag in ('changed function: ', 'new function: '):
            if tag in line:
                funcs.add(norm(line.split(tag, 1)[1].strip()))
    return {0: 0, 3: 3}.get(p.returncode, 1), funcs


def read_tsv(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        f = line.rstrip('\n').split('\t')
        rows[f[0]] = (int(f[1]), set(f[2].split()), f[3] if len(f) > 3 else '')
    return rows


def fmt(cls, funcs):
    return '%s %s' % (cls, ','.join(sorted(funcs)) or '-')


def compare(kpcheck, d, tmp, cdo, only=None):
    expected = read_tsv(os.path.join(REFDIR, 'expected.tsv'))
    wrong = read_tsv(os.path.join(REFDIR, 'kpatch-wrong.tsv'))
    rows, agree = [], 0
    for name, orig, patched, fail in pairs(d):
        if only is not None and name not in only:
            continue
        kcls, kfun, err = run_kpcheck(kpcheck, orig, patched)
        if cdo:
            pcls, pfun = run_cdo(cdo, d, name, orig, patched, tmp)
        elif name in expected:
            pcls, pfun = expected[name][:2]
        else:
            die('%s: no create-diff-object and no recorded result' % name)
        if any(f.startswith('=') for f in kfun):
            kfun, pfun = base_names(kfun), base_names(pfun)
        ok = (kcls, kfun) == (pcls, pfun)
        note = ''
        if not ok and name in wrong and (kcls, kfun) == wrong[name][:2]:
            ok, note = True, 'kpatch wrong: ' + wrong[name][2]
        if fail and kcls == 0:
            ok, note = False, 'a -FAIL pair must not be eligible'
        agree += ok
        rows.append((name, fmt(kcls, kfun) + (' (' + err + ')' if err else ''),
                     fmt(pcls, pfun), 'yes' if ok else 'NO', note))
    return rows, agree


def print_table(rows, agree, source):
    print('| pair | kpcheck | %s | agree |' % source)
    print('|---|---|---|---|')
    for name, k, p, ok, note in rows:
        print('| %s | %s | %s | %s%s |' % (name, k, p, ok, ' (' + note + ')' if note else ''))
    print('\n%d of %d pairs agree' % (agree, len(rows)))


def cmd_table(kpcheck, tmp):
    d = unit_dir(tmp)
    cdo = find_cdo()
    rows, agree = compare(kpcheck, d, tmp, cdo)
    print_table(rows, agree, 'create-diff-object' if cdo else 'kpatch (recorded)')
    return 0 if agree == len(rows) else 1


def symvers_case(kpcheck, d, tmp, crc):
    """A vendored pair with kbuild's .cmd files beside it ("#SYMVER name
    0xcrc", as Linux 5.19+ records CONFIG_MODVERSIONS CRCs): a changed CRC
    must refuse the patch with a modversions error, an equal one not."""
    sub = os.path.join(tmp, 'symvers-%x' % crc)
    os.makedirs(sub)
    for side, c in (('a', 0x62c2ce88), ('b', crc)):
        shutil.copy(os.path.join(d, 'cmdline-ubsan.%s.o' % ('ORIG' if side == 'a' else 'PATCHED')),
                    os.path.join(sub, side + '.o'))
        with open(os.path.join(sub, '.%s.o.cmd' % side), 'w') as f:
            f.write('cmd_x := gcc\n#SYMVER get_device 0x%x\n#SYMVER put_device 0xab30ec32\n' % c)
    p = subprocess.run([kpcheck, 'objdiff', 'a.o', 'b.o'], cwd=sub, capture_output=True, text=True)
    changed = crc != 0x62c2ce88
    ok = (p.returncode == 1 and "'get_device'" in p.stdout and '[modversions]' in p.stdout) \
        if changed else (p.returncode == 0 and 'modversions' not in p.stdout)
    if not ok:
        print('FAIL symvers (%s CRC): exit %d\n%s' % ('changed' if changed else 'same',
                                                     p.returncode, p.stdout))
    return ok


def cmd_check(kpcheck, d, tmp):
    """The vendored pairs against the recorded verdicts: one line each."""
    rows, agree = compare(kpcheck, d, tmp, None)
    for name, k, p, ok, note in rows:
        if ok != 'yes':
            print('FAIL %s: kpcheck %s, expected %s' % (name, k, p))
    extra = [symvers_case(kpcheck, d, tmp, c) for c in (0x7cd45b0c, 0x62c2ce88)]
    passed, total = agree + sum(extra), len(rows) + len(extra)
    print('%d passed, %d failed' % (passed, total - passed))
    return 0 if rows and passed == total else 1


def cmd_record(kpcheck, tmp):
    d = unit_dir(tmp)
    cdo = find_cdo() or die('record needs create-diff-object')
    print('# pair\tclass\tfunctions (kpatch create-diff-object, normalised)')
    for name, orig, patched, fail in pairs(d):
        cls, funcs = run_cdo(cdo, d, name, orig, patched, tmp)
        print('%s\t%d\t%s' % (name, cls, ' '.join(sorted(funcs))))
    return 0


def time_all(cmds):
    t = time.perf_counter()
    for cmd, env in cmds:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def cmd_bench(kpcheck, tmp, rounds):
    d = unit_dir(tmp) if os.environ.get('KPATCH_UNIT_OBJS') else untar(VENDORED, tmp)
    cdo = find_cdo()
    if not cdo:     # the yardstick is optional: make bench goes on without it
        print('bench-reference: no create-diff-object ($CREATE_DIFF_OBJECT or PATH): skipped')
        return 0
    ps = pairs(d)
    kcmds = [([kpcheck, 'objdiff', '-f', 'json', o, p], None) for _, o, p, _ in ps]
    ccmds = [cdo_cmd(cdo, d, n, o, p, tmp) for n, o, p, _ in ps]
    for n, o, p, _ in ps:       # every pair read to the end, none bailing out
        rc, _, err = run_kpcheck(kpcheck, o, p)
        if rc == 2:
            die('%s: kpcheck could not read the pair: %s' % (n, err))
    kt, ct = [], []
    for _ in range(rounds):     # side by side, so machine load hits both alike
        kt.append(time_all(kcmds))
        ct.append(time_all(ccmds))
    k, c = statistics.median(kt), statistics.median(ct)
    print('| tool | pairs | rounds | median s (all pairs) | ms per pair |')
    print('|---|---:|---:|---:|---:|')
    print('| kpcheck objdiff | %d | %d | %.3f | %.2f |' % (len(ps), rounds, k, 1000 * k / len(ps)))
    print('| create-diff-object | %d | %d | %.3f | %.2f |' % (len(ps), rounds, c, 1000 * c / len(ps)))
    print('\nkpcheck / create-diff-object: %.2fx (goal: at most 0.5x)' % (k / c))
    return 0 if k <= 0.5 * c else 1


def main():
    if len(sys.argv) < 3:
        die(__doc__.split('\n\n')[1])
    mode, kpcheck = sys.argv[1], os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        if mode == 'table':
            return cmd_table(kpcheck, tmp)
        if mode == 'check':
            return cmd_check(kpcheck, untar(VENDORED, tmp), tmp)
        if mode == 'record':
            return cmd_record(kpcheck, tmp)
        if mode == 'bench':
            return cmd_bench(kpcheck, tmp, int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    die('unknown mode ' + mode)


if __name__ == '__main__':
    sys.exit(main())
