// The start-up YAML fast path must read every document it accepts exactly as js-yaml does, and
// hand everything else (anchors, block scalars, flow collections, floats, …) back to js-yaml.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { load } from 'js-yaml';
import { parseSimpleYaml } from '../src/cli/simpleyaml.js';
import { writeKubeconfig } from '../src/client/kubeconfig.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const accepted = [
  `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA\n    server: https://1.2.3.4:6443\n  name: c1\ncontexts:\n- context:\n    cluster: c1\n    namespace: "ns-1"\n    user: 'u1'\n  name: ctx # comment\ncurrent-context: ctx\nkind: Config\npreferences: {}\nusers:\n- name: u1\n  user:\n    token: abc\n    exec:\n      args:\n      - a\n      - "b c"\n      command: foo\n      env: null\n`,
  `key: 'it''s'\nk2: "q\\"x"\nn: 12\nb: true\nno: false\nnothing: ~\nempty:\nlist: []\n`,
  `- a\n- b: 1\n  c: 2\n-\n  - x\n  - y\n`,
  `# only a comment\na:\n  b:\n    c: d   # trailing\n  e: "#not a comment"\n`,
  `url: http://x:8080/a#frag\n`,
];
const rejected = [`a: |\n  x\n`, `a: [1, 2]`, `a: &x 1\nb: *x\n`, `f: 1.5\n`, `a: b: c\n`, `a:\n\t- x\n`, `x: 1\nx: 2\n`, `---\na: 1\n---\nb: 2\n`];

it('accepts plain block documents and reads them as js-yaml does', () => {
  for (const doc of accepted) assert.deepEqual(parseSimpleYaml(doc), load(doc), doc);
});

it('reads the kubeconfig `kubette up` writes', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kubette-yaml-')), 'kubeconfig');
  writeKubeconfig(file, { server: 'http://127.0.0.1:6443', namespace: 'team-a' });
  const text = readFileSync(file, 'utf8');
  assert.notEqual(parseSimpleYaml(text), undefined);
  assert.deepEqual(parseSimpleYaml(text), load(text));
});

it('hands anything outside the subset back to the library', () => {
  for (const doc of rejected) assert.equal(parseSimpleYaml(doc), undefined, doc);
});
