// Shell completion for `kubette kubectl`: the hidden __complete command (cobra's protocol) against a
// real server, compared with kubectl 1.25.0 where it is right; --subresource offering only what the
// typed resource has; and the generated scripts driven by a real bash (with and without the
// bash-completion package), zsh and fish when installed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, repoRoot, useCluster } from './helpers/cluster.js';
import { kubectl125, run, type RunResult } from './helpers/tools.js';

const ourBin = join(repoRoot, 'bin', 'kubette-kubectl.js');
let home = '';
let binDir = '';
let env: Record<string, string> = {};

const ours = (args: string[]) => run(process.execPath, [ourBin, ...args], env);
const theirs = (args: string[]) => run(kubectl125(), args, env);
const DONE_4 = 'Completion ended with directive: ShellCompDirectiveNoFileComp\n';

function shell(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...env, PATH: `${binDir}:${dirname(process.execPath)}:/usr/bin:/bin` }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? 1 : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
const has = (bin: string) => ['/usr/bin', '/bin', '/usr/local/bin'].some((d) => existsSync(join(d, bin)));

describe('kubectl shell completion', () => {
  const cluster = useCluster({ args: apiOnly });
  before(async () => {
    const { url, kubeconfig } = cluster();
    home = mkdtempSync(join(tmpdir(), 'kubette-completion-'));
    binDir = join(home, 'bin');
    await run('/bin/mkdir', ['-p', binDir]);
    symlinkSync(ourBin, join(binDir, 'kubette-kubectl'));
    symlinkSync(join(repoRoot, 'bin', 'kubette.js'), join(binDir, 'kubette'));
    env = { KUBECONFIG: kubeconfig, HOME: home };
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    for (const [path, body] of [
      ['/apis/apps/v1/namespaces/default/deployments', deploy],
      ['/apis/apps/v1/namespaces/default/deployments', { ...deploy, metadata: { name: 'api' } }],
      ['/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm1' } }],
      ['/api/v1/namespaces', { metadata: { name: 'other' } }],
    ] as const) {
      const r = await api(url, 'POST', path, body);
      assert.equal(r.status, 201, r.text);
    }
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  describe('__complete --subresource', () => {
    it('offers exactly the subresources the typed resource has', async () => {
      for (const [type, want] of [
        ['deployment', 'scale\nstatus\n:4\n'],
        ['deploy', 'scale\nstatus\n:4\n'],
        ['deployments.apps', 'scale\nstatus\n:4\n'],
        ['pods', 'status\n:4\n'],
        ['configmaps', ':4\n'],
        ['deploy/web', 'scale\nstatus\n:4\n'],
      ]) {
        const r = await ours(['__complete', 'get', type!, '--subresource', '']);
        assert.equal(r.stdout, want, `get ${type} --subresource ""`);
        assert.equal(r.stderr, DONE_4);
        assert.equal(r.code, 0);
        const eq = await ours(['__complete', 'get', type!, '--subresource=']);
        assert.equal(eq.stdout, want, `get ${type} --subresource=`);
      }
    });

    it('does the same for patch, edit and replace', async () => {
      for (const verb of ['patch', 'edit', 'replace']) {
        const flag = await ours(['__completeNoDesc', verb, '--subres']);
        assert.match(flag.stdout, /--subresource\n/, `${verb} has --subresource`);
        assert.equal((await ours(['__complete', verb, 'deployment', '--subresource', ''])).stdout, 'scale\nstatus\n:4\n', verb);
        assert.equal((await ours(['__complete', verb, 'pods', '--subresource='])).stdout, 'status\n:4\n', verb);
        assert.equal((await ours(['__complete', verb, 'configmap', '--subresource', ''])).stdout, ':4\n', verb);
      }
    });
  });

  describe('__complete: types, names, flags', () => {
    it('lists resource types in api-resources order, then names of the type', async () => {
      const types = await ours(['__complete', 'get', '']);
      const lines = types.stdout.split('\n');
      assert.ok(lines.indexOf('pods') >= 0 && lines.indexOf('pods') < lines.indexOf('deployments.apps'), types.stdout);
      assert.ok(lines.indexOf('deployments.apps') < lines.indexOf('jobs.batch'), types.stdout);
      assert.equal(types.stdout.endsWith('\n:4\n'), true);
      assert.equal((await ours(['__complete', 'get', 'deploy', ''])).stdout, 'api\nweb\n:4\n');
      assert.equal((await ours(['__complete', 'get', 'deploy', 'web', ''])).stdout, 'api\n:4\n');
      assert.equal((await ours(['__complete', 'get', 'deploy/w'])).stdout, 'deploy/web\n:4\n');
      assert.equal((await ours(['__complete', 'get', '-n', 'other', 'deploy', ''])).stdout, ':4\n');
    });

    it('lists subcommands and flags with descriptions, or without for __completeNoDesc', async () => {
      assert.equal((await ours(['__complete', 'g'])).stdout, 'get\tDisplay one or many resources\n:4\n');
      assert.equal((await ours(['__completeNoDesc', 'g'])).stdout, 'get\n:4\n');
      const flags = await ours(['__complete', 'get', '--sub']);
      assert.match(flags.stdout, /^--subresource\tIf specified, gets the subresource/);
      assert.equal((await ours(['__completeNoDesc', 'get', '--sub'])).stdout, '--subresource\n:4\n');
      assert.equal((await ours(['__complete', 'completion', ''])).stdout, 'bash\nzsh\nfish\npowershell\n:4\n');
    });

    it('prints only the directive when the server is down', async () => {
      for (const args of [['get', ''], ['get', 'deploy', ''], ['-n', ''], ['get', 'deploy', '--subresource', '']]) {
        const r = await ours(['__complete', '-s', 'http://127.0.0.1:1', ...args]);
        assert.equal(r.stdout, ':4\n', args.join(' '));
      }
    });

    it('matches kubectl 1.25.0 where kubectl is right', async () => {
      const cases = [
        ['g'], ['get', ''], ['get', 'd'], ['get', 'pods,s'], ['get', 'deploy', ''], ['get', 'deploy', 'web', ''], ['get', 'deploy/'],
        ['get', 'deploy/web', ''], ['get', 'deploy,cm', ''], ['get', '-n', 'other', 'deploy', ''], ['get', '-A', 'deploy', ''],
        ['get', 'deploy', '--', ''], ['get', 'x', ''], ['get', '--s'], ['get', '--sub'], ['get', '-A', '--all'], ['get', '-o', ''],
        ['get', '-o', 'j'], ['get', '-o='], ['get', '-n', ''], ['get', '--namespace='], ['-n', ''], ['get', '--context', ''],
        ['get', '--cluster', ''], ['get', '--user=k'], ['get', '--kubeconfig', ''], ['get', '-l', ''], ['get', '-f', ''],
        ['get', '--chunk-size', ''], ['get', '--foo', ''], ['get', '--foo='], ['foo', ''], ['completion', 'b'],
        ['completion', 'bash', ''], ['--namespace', 'other', 'get', 'deploy', ''],
      ];
      for (const c of cases) {
        const [a, b] = await Promise.all([theirs(['__complete', ...c]), ours(['__complete', ...c])]);
        assert.deepEqual(b, a, `__complete ${c.map((w) => JSON.stringify(w)).join(' ')}`);
      }
      // kubectl 1.25 lists the shells from a Go map, in random order: compared as sets.
      const [a, b] = await Promise.all([theirs(['__complete', 'completion', '']), ours(['__complete', 'completion', ''])]);
      assert.deepEqual(b.stdout.split('\n').sort(), a.stdout.split('\n').sort());
      assert.equal(b.code, a.code);
    });
  });

  describe('completion scripts', () => {
    it('rejects what kubectl rejects', async () => {
      for (const [args, msg] of [
        [[], 'error: Shell not specified.'],
        [['foo'], 'error: Unsupported shell type "foo".'],
        [['bash', 'zsh'], 'error: Too many arguments. Expected only the shell type.'],
      ] as const) {
        const r = await ours(['completion', ...args]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, `${msg}\nSee 'kubectl completion -h' for help and examples\n`);
      }
    });

    /** A bash that sources the script and calls its function as readline would, printing COMPREPLY. */
    async function bashComplete(o: { script: string; words: string[]; line: string; bashCompletion?: boolean; alias?: boolean }) {
      const file = join(home, `s-${Math.random().toString(36).slice(2)}.bash`);
      writeFileSync(file, o.script);
      const program = [
        o.bashCompletion ? 'source /usr/share/bash-completion/bash_completion' : '',
        `source ${file}`,
        o.alias ? 'shopt -s expand_aliases; alias kubectl=kubette-kubectl; complete -o default -F __start_kubette-kubectl kubectl' : '',
        `COMP_LINE=${JSON.stringify(o.line)}; COMP_POINT=\${#COMP_LINE}`,
        `COMP_WORDS=(${o.words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))`,
        // the function complete registered for the command, as readline finds it
        `fn=$(complete -p ${o.words[0]} | sed -E 's/.* -F ([^ ]+) .*/\\1/')`,
        `"$fn" 2>/dev/null; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ].join('\n');
      const r = await shell('bash', ['--norc', '--noprofile', '-c', program]);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n').filter(Boolean).sort();
    }

    // bash-completion comes from .ci/install-system-packages.
    const modes = [false, true];
    for (const bashCompletion of modes) {
      it(`completes --subresource in a real bash (${bashCompletion ? 'with' : 'without'} bash-completion)`, async () => {
        const standalone = (await shell('kubette-kubectl', ['completion', 'bash'])).stdout;
        assert.match(standalone, /complete -o default -F __start_kubette-kubectl kubette-kubectl/);
        const words = ['kubette-kubectl', 'get', 'deployment', '--subresource'];
        assert.deepEqual(await bashComplete({ script: standalone, bashCompletion, words: [...words, ''], line: `${words.join(' ')} ` }), ['scale', 'status']);
        // bash splits `--subresource=st` at the = into three words
        assert.deepEqual(await bashComplete({ script: standalone, bashCompletion, words: [...words, '=', 'st'], line: `${words.join(' ')}=st` }), ['status']);
        assert.deepEqual(await bashComplete({ script: standalone, bashCompletion, words: ['kubette-kubectl', 'get', 'pods', '--subresource', ''], line: 'kubette-kubectl get pods --subresource ' }), ['status']);
        assert.deepEqual(await bashComplete({ script: standalone, bashCompletion, words: ['kubette-kubectl', 'get', 'deploy', 'w'], line: 'kubette-kubectl get deploy w' }), ['web']);
        // an alias named kubectl, completed with the same function
        const alias = ['kubectl', 'get', 'deployment', '--subresource', ''];
        assert.deepEqual(await bashComplete({ script: standalone, bashCompletion, alias: true, words: alias, line: alias.join(' ') }), ['scale', 'status']);

        const viaKubette = (await shell('kubette', ['kubectl', 'completion', 'bash'])).stdout;
        assert.match(viaKubette, /complete -o default -F __start_kubette kubette/);
        const kw = ['kubette', 'kubectl', 'get', 'deployment', '--subresource', ''];
        assert.deepEqual(await bashComplete({ script: viaKubette, bashCompletion, words: kw, line: kw.join(' ') }), ['scale', 'status']);
        assert.deepEqual(await bashComplete({ script: viaKubette, bashCompletion, words: ['kubette', 'ku'], line: 'kubette ku' }), ['kubectl']);
      });
    }

    // zsh and fish come from .ci/install-system-packages.
    it('completes --subresource in zsh (completion functions stubbed)', async () => {
      assert.ok(has('zsh'), 'zsh is installed (.ci/install-system-packages)');
      const script = (await shell('kubette-kubectl', ['completion', 'zsh'])).stdout;
      const file = join(home, 'k.zsh');
      writeFileSync(file, script);
      // _describe and friends need a live zle; stand-ins print what the script hands them.
      const program = `compdef() { :; }
_describe() { local n=$2; print -rl -- "\${(@P)n}"; }
source ${file}
words=(kubette-kubectl get deployment --subresource ''); CURRENT=5
_kubette-kubectl`;
      const r = await shell('zsh', ['-f', '-c', program]);
      assert.equal(r.stdout, 'scale\nstatus\n', r.stderr);
    });

    it('completes --subresource in fish', async () => {
      assert.ok(has('fish'), 'fish is installed (.ci/install-system-packages)');
      const script = (await shell('kubette-kubectl', ['completion', 'fish'])).stdout;
      const file = join(home, 'k.fish');
      writeFileSync(file, script);
      const r = await shell('fish', ['--no-config', '-c', `source ${file}; complete --do-complete "kubette-kubectl get deployment --subresource "`]);
      assert.equal(r.stdout, 'scale\nstatus\n', r.stderr);
      const eq = await shell('fish', ['--no-config', '-c', `source ${file}; complete --do-complete "kubette-kubectl get pods --subresource="`]);
      assert.equal(eq.stdout, '--subresource=status\n', eq.stderr);
    });
  });
});
