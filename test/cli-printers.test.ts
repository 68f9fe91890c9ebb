// The output printers of `kubette kubectl` against the real kubectl 1.25.0: for each case kubectl
// prints `-o json` and `-o <format>` of the same objects from a real server, and our printer
// applied to JSON.parse(the json) must give kubectl's stdout byte for byte.
//
// Lists: for several objects (`get cm`, `get pod a b`) kubectl 1.25 prints ONE object
//   {"apiVersion":"v1","items":[…],"kind":"List","metadata":{"resourceVersion":""}}
// through the printer (yaml, json, jsonpath, go-template all see this wrapper; custom-columns
// prints a row per item under one header). A single named object is printed alone.
// `-o json`/`-o yaml` drop metadata.managedFields (--show-managed-fields=false) but jsonpath and
// go-template see them, so the input for those comes from `-o json --show-managed-fields`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, useCluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { toYaml } from '../src/cli/printers/yaml.js';
import { toJson } from '../src/cli/printers/json.js';
import { printJsonPath } from '../src/cli/printers/jsonpath.js';
import { CustomColumnsError, parseCustomColumnsSpec, parseCustomColumnsTemplate, printCustomColumns } from '../src/cli/printers/customcolumns.js';
import { printGoTemplate } from '../src/cli/printers/gotemplate.js';
import { TabWriter, tabwrite } from '../src/cli/printers/tabwriter.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NS = 'printers';
const quotingValues = [
  'yes', 'no', 'on', 'off', 'y', 'N', 'true', 'True', 'null', 'NULL', '~', '123', '-12', '1.5', '1e3', '0x1F', '0o17', '017',
  '.5', '+1', '.inf', '-.Inf', '.nan', '', '  lead', 'trail ', ':', 'a:b', 'a: b', '- x', '-', '#', 'a #b', 'a#b', 'key: v',
  'unicode é ü 日本', 'emoji 😀', 'ctl\x01x', 'tab\tx', '\ttab lead', 'x\n', 'x\ny', 'x\ny\n', 'x\ny\n\n', '\nlead nl', ' lead\nsp',
  'a  \nb', 'trail sp \n', 'x\r\ny', '@at', '`bt', '!bang', '&amp', '*star', '%pct', "'sq", '"dq', '{a}', '[a]', 'a,b', '?q', '|p',
  '>g', "a'b", 'a"b', '=', '<<', '2006-01-02', '2006-01-02T15:04:05Z', '2006-1-2 3:04:05', '2006-13-02', '12:30', '1_000', '0b101',
  '+.5', '1.', 'NaN', 'nan', 'inf', '0', '00', '-0', '08', '1e400', 'x'.repeat(100), Array(30).fill('word').join(' '),
  'long line ' + 'abcdefghij'.repeat(9) + ' tail', 'multi\n' + Array(30).fill('word').join(' ') + '\nend', '\u2028ls', '\u0085nel',
  'a \u0085\u0085 b', '\ufeffbom', 'a\ufeffb', 'a\u00a0b', 'a\\b', 'x:', 'x :', '-x', '- ', '? x', 'a\tb\n', '  \n', '\n', '\n\n', ' ',
  'line1\n  indented\n', '<b>&amp;</b>', 'line sep \u2028 para \u2029', Array(20).fill('tab\tword').join(' '), "'" + Array(25).fill('quoted').join(' '),
  'double  spaced  ' + Array(20).fill('w').join('  '), '---', '...x', 'last',
];

describe('printers against kubectl 1.25.0', () => {
let dir = '';
const cluster = useCluster({ args: apiOnly });
let k: ReturnType<typeof client>;
const kc = (args: string[], input?: string) => k.run(args, input);
const getJson = async (args: string[], managed = false) => {
  const r = await kc(['get', '-n', NS, ...args, '-o', 'json', ...(managed ? ['--show-managed-fields'] : [])]);
  assert.equal(r.code, 0, r.stderr);
  return { text: r.stdout, obj: JSON.parse(r.stdout) };
};

before(async () => {
  k = client(kubectl125(), cluster().kubeconfig);
  dir = mkdtempSync(join(tmpdir(), 'printers-'));
  const post = async (path: string, body: unknown) => {
    const r = await api(cluster().url, 'POST', path, body);
    assert.ok(r.status < 300, `${path}: ${r.text}`);
  };
  await post('/api/v1/namespaces', { metadata: { name: NS } });
  const data: Record<string, string> = {};
  quotingValues.forEach((v, i) => (data[`k${String(i).padStart(3, '0')}`] = v));
  await post(`/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'quoting', labels: { app: 'x', 'a.b/c': 'd' }, annotations: { yes: 'on', x: '1', 'a-very-long-annotation-key.example.com/with-a-name': 'v' } }, data });
  // yaml.v2 sorts keys with digit runs compared as numbers and letters before other characters.
  const keys = ['a10', 'a9', 'a2b', 'B', 'b', '_x', '1', '10', '2', 'a.b', 'a-b', 'a_b', 'ab', 'z', '9z', '.dot', 'x-1', 'x-01'];
  await post(`/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'sorting' }, data: Object.fromEntries(keys.map((x) => [x, x])) });
  for (const [i, name] of ['a', 'a-much-longer-config-map-name', 'mid-size'].entries()) {
    await post(`/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: name }, data: Object.fromEntries(Array.from({ length: i * 3 }, (_, j) => [`k${j}`, 'v'])) });
  }
  await post(`/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'empty' } });
  const pod = (name: string, containers: unknown[], labels: Record<string, string>) => ({ metadata: { name, labels, annotations: { note: '<b>&x</b>' } }, spec: { containers } });
  await post(`/api/v1/namespaces/${NS}/pods`, pod('web', [
    { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }], resources: { limits: { cpu: '0.5', memory: '128Mi' } } },
    { name: 'side', image: 'busybox', command: ['sleep', '3600'], args: [], env: [{ name: 'A', value: '1' }, { name: 'B', value: 'yes' }] },
  ], { app: 'web', tier: 'frontend' }));
  await post(`/api/v1/namespaces/${NS}/pods`, pod('db', [{ name: 'pg', image: 'postgres:15' }], { app: 'db' }));
  await post(`/apis/apps/v1/namespaces/${NS}/deployments`, {
    metadata: { name: 'api', labels: { app: 'api' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'busybox:1.36', command: ['sleep', '3600'] }] } } },
  });
});
after(() => k?.cleanup());

describe('yaml and json against kubectl 1.25.0', () => {
  for (const args of [['cm'], ['cm', 'quoting'], ['cm', 'sorting'], ['pods'], ['pod', 'web', 'db'], ['deploy', 'api'], ['cm', 'empty']]) {
    it(`get ${args.join(' ')}: -o yaml and -o json`, async () => {
      const { text, obj } = await getJson(args);
      assert.equal(toJson(obj), text);
      const y = await kc(['get', '-n', NS, ...args, '-o', 'yaml']);
      assert.equal(y.code, 0, y.stderr);
      assert.equal(toYaml(obj), y.stdout);
    });
  }

  it('numbers, nulls, nested lists and maps of a local object (create --dry-run=client)', async () => {
    const obj = {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nums' },
      extra: { f: [0.5, 1e21, 1e-7, 1234567.5, 100000, 1e20, 12345678901234567000, -0.0001, 1, 3, -7, 1e6, 123456.7, 1.5e300], ll: [[1, [2, []]], [{ a: {} }, {}], []], nul: null, t: true, e: {}, s: ['- a', ''], m: [{ k: [{ z: 1 }, 'x\ny'] }] },
    };
    const file = join(dir, 'nums.json');
    writeFileSync(file, JSON.stringify(obj));
    const base = ['create', '--dry-run=client', '--validate=false', '-f', file];
    const j = await kc([...base, '-o', 'json']);
    const y = await kc([...base, '-o', 'yaml']);
    assert.equal(toJson(JSON.parse(j.stdout)), j.stdout);
    assert.equal(toYaml(JSON.parse(j.stdout)), y.stdout);
    const tmpl = '{{.extra.f}} {{.extra.nul}} {{.extra.ll}} {{.extra.m}}';
    const g = await kc([...base, '-o', `go-template=${tmpl}`]);
    assert.equal(printGoTemplate(tmpl, JSON.parse(j.stdout)), g.stdout);
  });

  it('a string yaml.v2 rejects: same error and exit code', async () => {
    const file = join(dir, 'ctl.json');
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ctl' }, data: { a: 'del\x7f' } };
    writeFileSync(file, JSON.stringify(obj));
    const y = await kc(['create', '--dry-run=client', '-f', file, '-o', 'yaml']);
    assert.equal(y.code, 1);
    assert.equal(y.stdout, '');
    assert.throws(() => toYaml(obj), (e: Error) => `error: ${e.message}\n` === y.stderr);
  });
});

const jsonpathCases = [
  '{.items[*].metadata.name}',
  '{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[*].name}{"\\n"}{end}',
  '{..image}',
  '{.items[-1:].metadata.name} {.items[0:1].metadata.name} {.items[-1].metadata.name}',
  "{.items[0].metadata.labels['app']}",
  'x{.items[0].kind}y',
  '{.items[*].metadata.annotations}',
  '{.items[*].spec.containers[*].ports}',
  '{.items[1].spec.containers[0].ports[0].containerPort}{" "}{.metadata.generation}{true}{1.5}{3}',
  '{.items[*].spec.containers[?(@.name=="side")].image}',
  '{.items[*].spec.containers[*].ports[?(@.containerPort==80)].name}',
  '{.items[*].spec.containers[*].ports[?(@.containerPort>80)].containerPort}',
  '{.items[*].spec.containers[?(@.ports)].name}',
  '{.items[*].spec.containers[?(@.name<"p")].name}',
  '{.items[1].spec.containers[0].ports[0,1].containerPort}',
  '{.items[1].spec.containers[0].ports[0:2:2].containerPort}',
  '{.items[1].spec.containers[0].ports[5:5].containerPort}',
  '{.items[0].metadata.name.*}',
  "{.items[1].metadata.annotations['note']}{.items[1].metadata.labels.tier}",
  '{$.kind} {@.kind} {.nope} {.items[*].nope}',
  '{range .items[*]}[{.metadata.name}]{range .spec.containers[*]}<{.name}>{end}{end}after',
  '{.items[1].spec.containers[1].args}{.items[*].status}',
  "{.items[0].metadata.name}{'\\n'}",
  '{.kind}{.}{}',
];
const jsonpathErrors = ['{.nope', '{.items[x]}', '{end}', '{.items[5].metadata.name}', '{.items[0].spec.containers[1].args}', '{.items[1:0]}', '{#}', '{.a b}', '{"a\\tb\\\\n\\"}', '{.items[?(@.x==1)}', '{.items[*].spec.containers[0].ports[?(@.containerPort>80.5)]}'];

describe('jsonpath against kubectl 1.25.0', () => {
  it('templates over a list of pods', async () => {
    const { obj } = await getJson(['pods'], true);
    for (const t of jsonpathCases) {
      const r = await kc(['get', '-n', NS, 'pods', '-o', `jsonpath=${t}`]);
      assert.equal(r.code, 0, `${t}: ${r.stderr}`);
      assert.equal(printJsonPath(t, obj), r.stdout, t);
    }
  });
  it('errors: message and exit code', async () => {
    const { obj } = await getJson(['pods'], true);
    for (const t of jsonpathErrors) {
      const r = await kc(['get', '-n', NS, 'pods', '-o', `jsonpath=${t}`]);
      assert.equal(r.code, 1, t);
      assert.equal(r.stdout, '', t);
      assert.throws(() => printJsonPath(t, obj), (e: Error) => {
        const msg = `error: ${e.message}`;
        assert.equal(msg.endsWith('\n') ? msg : msg + '\n', r.stderr, t);
        return true;
      });
    }
  });
  it('--allow-missing-template-keys=false', async () => {
    const { obj } = await getJson(['pod', 'db'], true);
    const r = await kc(['get', '-n', NS, 'pod', 'db', '-o', 'jsonpath={.nope}', '--allow-missing-template-keys=false']);
    assert.equal(r.code, 1);
    assert.throws(() => printJsonPath('{.nope}', obj, { allowMissingKeys: false }), (e: Error) => `error: ${e.message}` === r.stderr);
  });
});

describe('custom-columns against kubectl 1.25.0', () => {
  const specs = [
    'NAME:.metadata.name,IMG:.spec.containers[*].image,PORTS:.spec.containers[*].ports[*].containerPort,NOPE:.x.y,LBL:.metadata.labels,GEN:.spec.terminationGracePeriodSeconds,ENV:.spec.enableServiceLinks',
    'NAME:.metadata.name,IMG:{.spec.containers[0].image}',
    'NAME:.metadata.name:x',
    'N:metadata.name,CMD:.spec.containers[*].command,RES:.spec.containers[0].resources,A:.spec.containers[*].args',
  ];
  it('specs, --no-headers, custom-columns-file', async () => {
    const { obj } = await getJson(['pods'], true);
    for (const spec of specs) {
      for (const noHeaders of [false, true]) {
        const r = await kc(['get', '-n', NS, 'pods', '-o', `custom-columns=${spec}`, ...(noHeaders ? ['--no-headers'] : [])]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(printCustomColumns(parseCustomColumnsSpec(spec), obj.items, { noHeaders }), r.stdout, spec);
      }
    }
    const file = join(dir, 'cc.txt');
    const tmpl = 'NAME   IMAGE\n.metadata.name  .spec.containers[0].image\n';
    writeFileSync(file, tmpl);
    const r = await kc(['get', '-n', NS, 'pods', '-o', `custom-columns-file=${file}`]);
    assert.equal(printCustomColumns(parseCustomColumnsTemplate(tmpl), obj.items), r.stdout);
  });
  it('errors', async () => {
    const { obj } = await getJson(['pods'], true);
    for (const spec of ['NAME', 'NAME:.metadata.name,', '', 'NAME:.metadata[x', 'A:.spec.containers[5].name']) {
      const r = await kc(['get', '-n', NS, 'pods', '-o', `custom-columns=${spec}`]);
      assert.equal(r.code, 1, spec);
      let out = '';
      let msg = '';
      try {
        out = printCustomColumns(parseCustomColumnsSpec(spec), obj.items);
      } catch (e) {
        msg = (e as Error).message;
        if (e instanceof CustomColumnsError) out = e.output;
      }
      assert.equal(`error: ${msg}\n`, r.stderr, spec);
      assert.equal(out, r.stdout, spec);
    }
  });
});

describe('go-template against kubectl 1.25.0', () => {
  const templates = [
    '{{range .items}}{{.metadata.name}} {{.metadata.labels}} {{.spec.containers}}{{"\\n"}}{{end}}',
    '{{range .items}}{{.spec.terminationGracePeriodSeconds}}|{{.spec.enableServiceLinks}}|{{.nope}}|{{.metadata.nope.x}}|{{(index .spec.containers 0).image}}{{end}}',
    '{{range .items}}{{index .metadata.labels "app"}} {{len .spec.containers}} {{printf "%s-%d" .metadata.name 3}} {{.metadata.name | printf "%q"}} {{printf "%v" .spec.terminationGracePeriodSeconds}} {{printf "%T" .spec.terminationGracePeriodSeconds}}{{end}}',
    '{{range .items}}{{if eq .metadata.name "web"}}yes{{else if eq .metadata.name "db"}}db{{else}}no{{end}} {{- " trimmed " -}} {{$x := .metadata.name}}{{$x}} {{if and .metadata.labels (ne .kind "X")}}A{{end}} {{if gt .spec.terminationGracePeriodSeconds 10}}G{{end}} {{not true}} {{or "" "b"}}{{end}}',
    '{{range $i, $p := .items}}{{$i}}:{{$p.metadata.name}},{{range .spec.containers}}[{{.name}}]{{else}}none{{end}}{{end}} {{len .items}} {{1.5}} {{1e6}} {{.kind}}',
    '{{with index .items 0}}{{.metadata.annotations}}{{end}}{{with .nope}}x{{else}}y{{end}}',
  ];
  it('templates over a list of pods', async () => {
    const { obj } = await getJson(['pods'], true);
    for (const t of templates) {
      const r = await kc(['get', '-n', NS, 'pods', '-o', `go-template=${t}`]);
      assert.equal(r.code, 0, `${t}: ${r.stderr}`);
      assert.equal(printGoTemplate(t, obj), r.stdout, t);
    }
  });
  it('parse errors', async () => {
    const { obj } = await getJson(['pods'], true);
    for (const t of ['{{.metadata.name', '{{.metadata.name | nosuch}}', '{{base64encode "x"}}']) {
      const r = await kc(['get', '-n', NS, 'pods', '-o', `go-template=${t}`]);
      assert.equal(r.code, 1, t);
      assert.throws(() => printGoTemplate(t, obj), (e: Error) => `error: ${e.message}\n` === r.stderr);
    }
  });
});

describe('tabwriter', () => {
  it('reproduces kubectl tables from their cells', async () => {
    for (const args of [['get', 'cm', '-A'], ['get', 'pods', '-n', NS, '-o', 'wide'], ['get', 'cm', '-n', NS, '--show-labels']]) {
      const r = await kc(args);
      assert.equal(r.code, 0, r.stderr);
      // Cells hold at most single spaces ("NOMINATED NODE") and columns are 3+ spaces apart.
      const cells = r.stdout.split('\n').filter((l) => l !== '').map((l) => l.trimEnd().split(/ {2,}/).join('\t'));
      assert.equal(tabwrite(cells.join('\n') + '\n'), r.stdout, args.join(' '));
    }
  });
  it("ragged rows: Go's column blocks, minwidth, trailing cell outside any column", () => {
    // Column 0 is 4+3 wide; 'bb' ends its line, so column 1 is line 0 alone (minwidth 6).
    assert.equal(tabwrite('a\tb\tc\naaaa\tbb\n'), 'a      b     c\naaaa   bb\n');
    // The second line has no cell in column 1, which ends that column's block.
    assert.equal(tabwrite('a\tb\tc\nxx\n\tlonger-cell\tz\n', { rememberWidths: false }), 'a     b     c\nxx\n      longer-cell   z\n');
    // RememberWidths (kubectl's flag): a later block of column 0 is at least as wide as an earlier one.
    assert.equal(tabwrite('wide-cell-here\tb\n\nx\ty\n'), 'wide-cell-here   b\n\nx                y\n');
    assert.equal(tabwrite('wide-cell-here\tb\n\nx\ty\n', { rememberWidths: false }), 'wide-cell-here   b\n\nx     y\n');
    assert.equal(tabwrite('日本\tx\n'), '日本    x\n');
    assert.equal(tabwrite('no newline\tat end'), 'no newline   at end');
    const w = new TabWriter();
    w.write('NAME\tAGE\nlong-long-name\t1s\n');
    assert.equal(w.flush(), 'NAME             AGE\nlong-long-name   1s\n');
    w.write('a\t2s\n');
    assert.equal(w.flush(), 'a                2s\n'); // widths remembered across flushes, as in `get -w`
  });
});
});
