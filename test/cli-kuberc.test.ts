// kuberc (kubectl preferences): the three file shapes, alias expansion, flag defaults, and the
// errors/warnings, compared live with kubectl 1.33 (KUBECTL_KUBERC=true) against a Kubette server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  checkPreferences, expandAlias, explicitKubercFromArgs, explicitlyGiven, flagDefaultsFor, KubercError, loadPreferences,
  type CommandTree, type Preferences,
} from '../src/cli/kuberc.js';
import { apiOnly, useCluster } from './helpers/cluster.js';
import { kubectlVersion } from './helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'kubette-kuberc-'));
const home = join(dir, 'home');
mkdirSync(join(home, '.kube'), { recursive: true });
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const v1a = (body: string) => `apiVersion: kubectl.config.k8s.io/v1alpha1\nkind: Preference\n${body}`;

const cluster = useCluster({ args: apiOnly });
/** kubectl 1.33 with the kuberc gate on (or off), a private HOME, against the Kubette server. */
function k133(args: string[], gate = true) {
  const r = spawnSync(kubectlVersion(33), args, {
    env: { PATH: '/usr/bin:/bin', HOME: home, KUBECONFIG: cluster().kubeconfig, ...(gate ? { KUBECTL_KUBERC: 'true' } : {}) },
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}
const load = (flag?: string, env: Record<string, string> = {}) => loadPreferences({ flag, env, home });
const errorOf = (fn: () => unknown): KubercError => {
  try { fn(); } catch (e) { if (e instanceof KubercError) return e; throw e; }
  throw new Error('expected a KubercError');
};

describe('kuberc file shapes', () => {
  it('KEP-3104 (v1.25 era): command.aliases[{alias, command}], command.overrides with "*"', () => {
    const p = file('kep.yaml', `apiVersion: v1alpha1
kind: Preferences
command:
  aliases:
  - alias: getdbprod
    command: get pods -l what=database --namespace us-2-production
  overrides:
  - command: apply
    flags:
    - name: server-side
      default: "true"
  - command: "*"
    flags:
    - name: request-timeout
      default: 5s
`);
    const { prefs, warnings } = load(p);
    assert.deepEqual(warnings, []);
    assert.equal(prefs!.shape, 'kep-3104');
    assert.deepEqual(prefs!.aliases, [{ name: 'getdbprod', command: ['get'], prependArgs: ['pods', '-l', 'what=database', '--namespace', 'us-2-production'], appendArgs: [], flags: [] }]);
    assert.deepEqual(flagDefaultsFor(['apply'], prefs), [{ name: 'request-timeout', default: '5s' }, { name: 'server-side', default: 'true' }]);
    assert.deepEqual(flagDefaultsFor(['delete'], prefs), [{ name: 'request-timeout', default: '5s' }]);
    assert.deepEqual(expandAlias(['getdbprod', '-o', 'name'], prefs, () => false).argv, ['get', 'pods', '-l', 'what=database', '--namespace', 'us-2-production', '-o', 'name']);
  });

  it('kubectl 1.33 v1alpha1: aliases with prependArgs/appendArgs/flags, overrides', () => {
    const p = file('v1a.yaml', v1a(`aliases:
- name: cd
  command: create deployment
  prependArgs: [web]
  appendArgs: [--image=nginx]
  flags: [{name: replicas, default: "3"}]
overrides:
- command: create deployment
  flags: [{name: dry-run, default: client}]
`));
    const { prefs } = load(p);
    assert.equal(prefs!.shape, 'v1alpha1');
    assert.deepEqual(prefs!.aliases[0]!.command, ['create', 'deployment']);
    assert.deepEqual(flagDefaultsFor(['create', 'deployment'], prefs), [{ name: 'dry-run', default: 'client' }]);
    assert.deepEqual(flagDefaultsFor(['create'], prefs), []);
    // overrides do not apply to aliases; the alias's own flags do
    assert.deepEqual(flagDefaultsFor(['create', 'deployment'], prefs, 'cd'), [{ name: 'replicas', default: '3' }]);
  });

  it('v1beta1 naming (defaults/options) is accepted by us (kubectl 1.33 rejects it)', () => {
    const p = file('v1b.yaml', `apiVersion: kubectl.config.k8s.io/v1beta1
kind: Preference
aliases:
- name: gn
  command: get
  prependArgs: [namespaces]
  options: [{name: output, default: name}]
defaults:
- command: get
  options: [{name: output, default: wide}]
`);
    const { prefs, warnings } = load(p);
    assert.deepEqual(warnings, []);
    assert.equal(prefs!.shape, 'v1beta1');
    assert.deepEqual(flagDefaultsFor(['get'], prefs), [{ name: 'output', default: 'wide' }]);
    assert.deepEqual(flagDefaultsFor(['get'], prefs, 'gn'), [{ name: 'output', default: 'name' }]);
    const k = k133(['--kuberc', p, 'get', 'ns']);
    assert.equal(k.stderr, `error occurred while applying preferences kuberc error kuberc: no valid preferences found in ${p}, use --v=5 to see details\n`);
  });

  it('/dev/null, an empty file, KUBERC=off and KUBECTL_KUBERC=false turn it off; a missing default file is silent', () => {
    writeFileSync(join(home, '.kube', 'kuberc'), v1a('overrides:\n- command: get\n  flags: [{name: output, default: wide}]\n'));
    assert.ok(load().prefs);
    assert.equal(load('/dev/null').prefs, undefined);
    assert.equal(load(file('empty.yaml', '')).prefs, undefined);
    assert.equal(load(undefined, { KUBERC: 'off' }).prefs, undefined);
    assert.equal(load(undefined, { KUBECTL_KUBERC: 'False' }).prefs, undefined);
    assert.equal(load(undefined, { KUBERC: file('env.yaml', v1a('aliases:\n- name: gx\n  command: get\n')) }).prefs!.aliases[0]!.name, 'gx');
    // kubectl 1.33: --kuberc /dev/null disables the default file (the wide override is not applied)
    const k = k133(['--kuberc', '/dev/null', 'get', 'ns']);
    assert.equal(k.code, 0);
    assert.match(k.stdout, /^NAME\s+STATUS\s+AGE\n/);
    rmSync(join(home, '.kube', 'kuberc'));
    assert.deepEqual(load(), { prefs: undefined, warnings: [] });
  });
});

describe('kuberc errors and warnings: the same text as kubectl 1.33', () => {
  const cases: [string, string][] = [
    ['not a Preference', 'apiVersion: kubectl.config.k8s.io/v1alpha1\nkind: Config\n'],
    ['no apiVersion', 'kind: Preference\naliases:\n- name: gp\n  command: get\n'],
    ['garbage', '{{{'],
    ['prependArgs not a list', v1a('aliases:\n- name: gp\n  command: get\n  prependArgs: pods\n')],
    ['aliases not a list', v1a('aliases: 5\n')],
    ['alias without a name', v1a('aliases:\n- command: get\n')],
    ['alias name with a digit', v1a('aliases:\n- name: gp2\n  command: get\n')],
    ['override flag with dashes', v1a('overrides:\n- command: get\n  flags: [{name: --output, default: wide}]\n')],
    ['alias flag with a dash', v1a('aliases:\n- name: gp\n  command: get\n  flags: [{name: -o, default: wide}]\n')],
    ['duplicate alias', v1a('aliases:\n- name: gp\n  command: get\n- name: gp\n  command: get\n')],
  ];
  for (const [title, text] of cases) {
    it(title, () => {
      const p = file(`e-${title.replace(/\W+/g, '-')}.yaml`, text);
      const k = k133(['--kuberc', p, 'get', 'ns']);
      assert.equal(k.code, 1);
      const e = errorOf(() => load(p));
      assert.equal(e.printed, k.stderr);
    });
  }

  it('field named in the detail where 1.33 only says "no valid preferences"', () => {
    const p = file('detail.yaml', v1a('aliases:\n- name: gp\n  command: get\n  prependArgs: pods\n'));
    assert.equal(errorOf(() => load(p)).detail, `${p}: aliases[0].prependArgs: expected a list`);
  });

  it('--kuberc /nonexistent and a directory', () => {
    for (const p of ['/nonexistent', dir]) {
      const k = k133(['--kuberc', p, 'get', 'ns']);
      assert.equal(k.code, 1);
      assert.equal(errorOf(() => load(p)).printed, k.stderr);
    }
  });

  it('--kuberc= and a trailing --kuberc: "kuberc file is not found"; --kuberc \'\' means the default', () => {
    for (const args of [['get', 'ns', '--kuberc='], ['get', 'ns', '--kuberc']]) {
      const k = k133(args);
      assert.equal(errorOf(() => explicitKubercFromArgs(args)).printed, k.stderr);
    }
    assert.equal(explicitKubercFromArgs(['--kuberc', '', 'get']), '');
    assert.equal(explicitKubercFromArgs(['gp', '--kuberc', 'F']), 'F');
    assert.equal(explicitKubercFromArgs(['get', '--', '--kuberc=x']), '');
  });

  const unknownFields = v1a('foo: 1\naliases:\n- name: gp\n  command: get\n  prependArgs: [ns]\n  bar: 2\n');
  it('unknown fields via --kuberc: warning (no newline), known fields still used', () => {
    const p = file('unk.yaml', unknownFields);
    const k = k133(['--kuberc=' + p, 'gp']);
    const { prefs, warnings } = load(p);
    assert.equal(warnings.join(''), k.stderr);
    assert.equal(k.stderr, `kuberc: ignoring strict decoding error in ${p}: strict decoding error: unknown field "aliases[0].bar", unknown field "foo"`);
    assert.deepEqual(expandAlias(['gp'], prefs, () => false).argv, ['get', 'ns']);
  });

  it('unknown fields in the default file: warning and no preferences at all', () => {
    writeFileSync(join(home, '.kube', 'kuberc'), unknownFields);
    const k = k133(['get', 'ns']);
    const { prefs, warnings } = load();
    assert.equal(prefs, undefined);
    assert.equal(warnings.join(''), k.stderr);
    rmSync(join(home, '.kube', 'kuberc'));
  });

  it('v1alpha1 with the v1beta1 names (defaults/options): 1.33 warning', () => {
    const p = file('mix.yaml', v1a('aliases:\n- name: gp\n  command: get\n  prependArgs: [ns]\n  options: [{name: output, default: name}]\ndefaults:\n- command: get\n  options: [{name: output, default: wide}]\n'));
    const k = k133(['--kuberc=' + p, 'gp']);
    const { prefs, warnings } = load(p);
    assert.equal(warnings.join(''), k.stderr);
    assert.deepEqual(prefs!.aliases[0]!.flags, []);
    assert.deepEqual(prefs!.overrides, []);
  });

  // A tiny command tree standing in for the lead's: get (output, namespace) and create deployment.
  const tree: CommandTree = {
    hasCommand: (p) => ['get', 'create deployment', 'delete'].includes(p.join(' ')),
    hasFlag: (p, f) => ['namespace', ...(p[0] === 'get' ? ['output'] : p[0] === 'create' ? ['replicas', 'image'] : ['interactive'])].includes(f),
  };
  it('checks against the command tree: unknown override flag, unknown command, bad alias command/flag', () => {
    const bad = (name: string, body: string) => load(file(name, v1a(body))).prefs;
    const p1 = file('bf.yaml', v1a('overrides:\n- command: get\n  flags: [{name: nosuchflag, default: x}]\n'));
    assert.equal(errorOf(() => checkPreferences(load(p1).prefs, ['get'], tree)).printed, k133(['--kuberc', p1, 'get', 'ns']).stderr);
    const p2 = file('bc.yaml', v1a('overrides:\n- command: nosuchcmd\n  flags: [{name: output, default: wide}]\n'));
    assert.equal(checkPreferences(load(p2).prefs, ['get'], tree).warnings.join(''), k133(['--kuberc', p2, 'get', 'ns']).stderr);
    const p3 = file('bac.yaml', v1a('aliases:\n- name: gx\n  command: nosuch\n'));
    assert.equal(errorOf(() => checkPreferences(load(p3).prefs, ['nosuch'], tree, 'gx')).printed, k133(['--kuberc=' + p3, 'gx']).stderr);
    const p4 = file('baf.yaml', v1a('aliases:\n- name: gx\n  command: get\n  flags: [{name: nosuch, default: x}]\n'));
    const k4 = k133(['--kuberc=' + p4, 'gx', 'ns']);
    assert.equal(errorOf(() => checkPreferences(load(p4).prefs, ['get'], tree, 'gx', kubectlVersion(33))).printed, k4.stderr);
    // `*` sets only the flags a command has (1.33 would warn `command "*" not found`)
    assert.deepEqual(checkPreferences(bad('star.yaml', 'overrides:\n- command: "*"\n  flags: [{name: output, default: wide}]\n'), ['delete'], tree).warnings, []);
  });
});

describe('alias expansion and flag defaults: same result as kubectl 1.33', () => {
  const builtin = (n: string) => ['get', 'create', 'delete', 'config'].includes(n);
  const shorthands = new Set(['o', 'n', 'A', 'l', 'w']);
  /** What our CLI would run: expanded argv plus defaults for flags not given explicitly. */
  function ours(argv: string[], prefs: Preferences | undefined, commandPath: string[]): string[] {
    const { argv: out, alias, aliasFlags } = expandAlias(argv, prefs, builtin);
    const defaults = alias ? aliasFlags : flagDefaultsFor(commandPath, prefs);
    const short: Record<string, string> = { output: 'o', namespace: 'n' };
    const extra = defaults.filter((f) => !explicitlyGiven(f.name, short[f.name], argv, shorthands)).map((f) => `--${f.name}=${f.default}`);
    return [...out, ...extra];
  }
  const p = file('alias.yaml', v1a(`aliases:
- name: gp
  command: get
  prependArgs: [namespaces]
  appendArgs: [default]
  flags: [{name: output, default: name}]
- name: get
  command: delete
overrides:
- command: get
  flags: [{name: output, default: wide}]
`));
  const cases: [string[], string[]][] = [
    [['gp'], ['get']],
    [['gp', '-o', 'yaml'], ['get']],
    [['gp', 'kube-system'], ['get']],
    [['gp', '--output=json', 'kube-system'], ['get']],
    [['get', 'ns'], ['get']], // the alias named "get" never shadows the built-in; the override applies
    [['get', 'ns', '-oname'], ['get']],
    [['get', 'ns', '-n', 'default'], ['get']],
  ];
  for (const [argv, path] of cases) {
    it(`kubectl ${argv.join(' ')}`, () => {
      const k = k133(['--kuberc=' + p, ...argv]);
      const { prefs } = load(p);
      const r = k133(ours(argv, prefs, path), false);
      assert.equal(k.code, 0, k.stderr);
      assert.equal(r.stdout.replace(/\d+s\b/g, 'AGE'), k.stdout.replace(/\d+s\b/g, 'AGE'));
      assert.equal(r.code, k.code);
    });
  }

  it('`--kuberc F gp` is not expanded (1.33 takes F as the command name)', () => {
    const { prefs } = load(p);
    assert.deepEqual(expandAlias(['--kuberc', p, 'gp'], prefs, builtin), { argv: ['--kuberc', p, 'gp'], aliasFlags: [] });
    assert.match(k133(['--kuberc', p, 'gp']).stderr, /flags cannot be placed before plugin name: --kuberc/);
    assert.deepEqual(expandAlias(['--kuberc=' + p, 'gp', 'x'], prefs, builtin).argv, ['--kuberc=' + p, 'get', 'namespaces', 'x', 'default']);
  });
});
