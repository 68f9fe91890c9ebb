// The Pod Security checks against the reasons and details kube-apiserver v1.25 prints, check by
// check (passing and failing pods at baseline and restricted), then how the evaluator combines them
// (order, restricted checks replacing baseline ones, policy versions, Windows pods), then the
// namespace label parsing of api.ts. Every expected string is what upstream's
// k8s.io/pod-security-admission/policy v1.25 renders for the same pod.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, EphemeralContainer, PodSecurityContext, PodSpec, SecurityContext, Volume } from 'kubernetes-types/core/v1.js';
import { DEFAULT_POLICY, parseLevel, parseVersion, policyFromLabels, type LevelVersion, type Policy } from '../src/admission/podsecurity/api.js';
import type { PodMeta } from '../src/admission/podsecurity/checks/check.js';
import { goQuote } from '../src/machinery/format.js';
import { defaultChecks } from '../src/admission/podsecurity/checks/index.js';
import { defaultEvaluator, forbiddenDetail, type Evaluation } from '../src/admission/podsecurity/evaluator.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface Pod {
  meta: PodMeta;
  spec: PodSpec;
}

/** What every container needs to pass restricted:latest on Linux. */
const RESTRICTED_CONTAINER: SecurityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
/** What the pod needs to pass restricted:latest: non-root and a seccomp profile, both inherited. */
const RESTRICTED_POD: PodSecurityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

/**
 * A container that passes restricted:latest, with `sc` merged over that baseline; a key set to
 * undefined removes the setting ({ allowPrivilegeEscalation: undefined } leaves it unset).
 */
const ctr = (name: string, sc: Partial<SecurityContext> = {}, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'registry.example/app:1',
  securityContext: { ...RESTRICTED_CONTAINER, ...sc },
  ...extra,
});
/** A container without any securityContext. */
const bare = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: 'registry.example/app:1', ...extra });
const eph = (c: Container): EphemeralContainer => c as EphemeralContainer;

/**
 * A pod that passes restricted:latest unless `spec` says otherwise: one compliant container "a"
 * unless containers are given, and the pod securityContext of RESTRICTED_POD with
 * `spec.securityContext` merged over it (undefined values unset a field).
 */
function pod(spec: Partial<PodSpec> = {}, meta: PodMeta = {}): Pod {
  return {
    meta,
    spec: { ...spec, containers: spec.containers ?? [ctr('a')], securityContext: { ...RESTRICTED_POD, ...spec.securityContext } },
  };
}

/** "restricted:v1.25", "baseline:latest", "privileged:v1.0". */
function lv(text: string): LevelVersion {
  const m = /^(privileged|baseline|restricted):(latest|v1\.(\d+))$/.exec(text);
  if (!m) throw new Error(`bad level:version ${text}`);
  return { level: m[1] as LevelVersion['level'], version: m[3] === undefined ? 'latest' : Number(m[3]) };
}

const evaluate = (at: string, p: Pod): Evaluation => defaultEvaluator.evaluate(lv(at), p.meta, p.spec);
/** [check, reason, detail] for each violation, in order. */
const found = (at: string, p: Pod) => evaluate(at, p).violations.map((v) => [v.check, v.reason, v.detail]);
const checksFailing = (at: string, p: Pod) => evaluate(at, p).violations.map((v) => v.check);

/** The pod fails `checkId` at `at` with exactly this reason and detail. */
function expectViolation(at: string, p: Pod, checkId: string, reason: string, detail: string): void {
  const v = evaluate(at, p).violations.find((x) => x.check === checkId);
  assert.ok(v, `${at}: expected a ${checkId} violation, got ${JSON.stringify(found(at, p))}`);
  assert.equal(v.reason, reason, `${at}: ${checkId} reason`);
  assert.equal(v.detail, detail, `${at}: ${checkId} detail`);
}

function expectAllowed(at: string, p: Pod): void {
  const e = evaluate(at, p);
  assert.ok(e.allowed, `${at}: expected allowed, got ${forbiddenDetail(e)}`);
  assert.deepEqual(e.violations, []);
}

// A table per check: each case is a pod that passes, or fails with the given reason and detail
// (and, when listed, fixes at exactly these fields). Each case runs at every level:version of its
// table; a failing pod must fail that check alone, so nothing else in the pod trips another check.
interface Case {
  name: string;
  pod: Pod;
  fail?: { reason: string; detail: string; fixes?: string[] };
}
const pass = (name: string, p: Pod): Case => ({ name, pod: p });
const fail = (name: string, p: Pod, reason: string, detail: string, fixes?: string[]): Case => ({ name, pod: p, fail: { reason, detail, fixes } });

const tabled = new Set<string>();

function checkTable(checkId: string, levels: string[], cases: Case[]): void {
  tabled.add(checkId);
  const check = defaultChecks.find((c) => c.id === checkId);
  describe(`check ${checkId}`, () => {
    it('is registered', () => assert.ok(check, `${checkId} is not in checks/index.ts`));
    it('has passing and failing cases', () => {
      assert.ok(cases.some((c) => !c.fail) && cases.some((c) => c.fail));
    });
    for (const c of cases) {
      for (const at of levels) {
        it(`${at}: ${c.name}`, () => {
          if (!c.fail) return expectAllowed(at, c.pod);
          const e = evaluate(at, c.pod);
          assert.deepEqual(found(at, c.pod), [[checkId, c.fail.reason, c.fail.detail]]);
          assert.equal(e.allowed, false);
          if (c.fail.fixes) assert.deepEqual(e.violations[0]!.fixes.map((f) => f.field), c.fail.fixes);
          else assert.ok(e.violations[0]!.fixes.length > 0, 'a violation names at least one field to fix');
        });
      }
    }
    if (check?.level === 'restricted') {
      it('does not run at baseline', () => {
        for (const c of cases) assert.ok(!checksFailing('baseline:latest', c.pod).includes(checkId), c.name);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Every check, passing and failing
// ---------------------------------------------------------------------------------------------

checkTable('allowPrivilegeEscalation', ['restricted:latest', 'restricted:v1.8'], [
  pass('false on every container', pod({ initContainers: [ctr('i')], containers: [ctr('a'), ctr('b')] })),
  fail(
    'unset',
    pod({ containers: [ctr('a', { allowPrivilegeEscalation: undefined })] }),
    'allowPrivilegeEscalation != false',
    'container "a" must set securityContext.allowPrivilegeEscalation=false',
  ),
  fail(
    'init, regular and ephemeral containers, true or unset',
    pod({
      initContainers: [ctr('i', { allowPrivilegeEscalation: true })],
      containers: [ctr('ok'), ctr('c', { allowPrivilegeEscalation: undefined })],
      ephemeralContainers: [eph(ctr('e', { allowPrivilegeEscalation: true }))],
    }),
    'allowPrivilegeEscalation != false',
    'containers "i", "c", "e" must set securityContext.allowPrivilegeEscalation=false',
    [
      'spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      'spec.containers[1].securityContext.allowPrivilegeEscalation',
      'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
    ],
  ),
]);

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
checkTable('appArmorProfile', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('runtime/default, localhost/* and empty', pod({ containers: [ctr('a'), ctr('b'), ctr('c')] }, { annotations: { [`${APPARMOR}a`]: 'runtime/default', [`${APPARMOR}b`]: 'localhost/custom', [`${APPARMOR}c`]: '' } })),
  pass('other annotations are not AppArmor profiles', pod({}, { annotations: { 'example.com/profile': 'unconfined' } })),
  fail('unconfined', pod({}, { annotations: { [`${APPARMOR}a`]: 'unconfined' } }), 'forbidden AppArmor profile', `${APPARMOR}a="unconfined"`, [`metadata.annotations[${APPARMOR}a]`]),
  fail(
    'several, sorted',
    pod({ containers: [ctr('a'), ctr('b')] }, { annotations: { [`${APPARMOR}b`]: 'unconfined', [`${APPARMOR}a`]: 'docker-default' } }),
    'forbidden AppArmor profiles',
    `${APPARMOR}a="docker-default", ${APPARMOR}b="unconfined"`,
  ),
  fail(
    // Quoted as Go's %q: \x for ASCII controls, \u for other unprintable runes, printable ones kept.
    'a value that needs quoting',
    pod({}, { annotations: { [`${APPARMOR}a`]: 'bad\u0001\u200b\u00e9"x\\' } }),
    'forbidden AppArmor profile',
    `${APPARMOR}a="bad\\x01\\u200b\u00e9\\"x\\\\"`,
  ),
]);

// Replaced by capabilities_restricted at restricted from v1.22, so restricted:v1.21 is the newest
// restricted version that runs it.
checkTable('capabilities_baseline', ['baseline:latest', 'baseline:v1.0', 'restricted:v1.21'], [
  pass('capabilities unset', pod({ containers: [ctr('a', { capabilities: undefined })] })),
  pass('only the runtime default set', pod({ containers: [ctr('a', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN', 'KILL', 'SYS_CHROOT'] } })] })),
  fail(
    'NET_RAW',
    pod({ containers: [ctr('a', { capabilities: { add: ['NET_RAW'] } })] }),
    'non-default capabilities',
    'container "a" must not include "NET_RAW" in securityContext.capabilities.add',
  ),
  fail(
    'several containers, capabilities sorted and unique',
    pod({
      initContainers: [ctr('i', { capabilities: { add: ['SYS_ADMIN'] } })],
      containers: [ctr('a', { capabilities: { add: ['NET_RAW', 'CHOWN'] } }), ctr('b', { capabilities: { drop: ['ALL'], add: ['NET_RAW'] } }), ctr('ok')],
      ephemeralContainers: [eph(ctr('e', { capabilities: { add: ['BPF'] } }))],
    }),
    'non-default capabilities',
    'containers "i", "a", "b", "e" must not include "BPF", "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    [
      'spec.initContainers[0].securityContext.capabilities.add',
      'spec.containers[0].securityContext.capabilities.add',
      'spec.containers[1].securityContext.capabilities.add',
      'spec.ephemeralContainers[0].securityContext.capabilities.add',
    ],
  ),
]);

checkTable('capabilities_restricted', ['restricted:latest', 'restricted:v1.22'], [
  pass('drop ALL, add NET_BIND_SERVICE', pod({ containers: [ctr('a', { capabilities: { drop: ['NET_RAW', 'ALL'], add: ['NET_BIND_SERVICE'] } })] })),
  fail(
    'capabilities unset',
    pod({ containers: [ctr('a', { capabilities: undefined })] }),
    'unrestricted capabilities',
    'container "a" must set securityContext.capabilities.drop=["ALL"]',
    ['spec.containers[0].securityContext.capabilities.drop'],
  ),
  fail(
    'drop names are case-sensitive',
    pod({ containers: [ctr('a', { capabilities: { drop: ['all'] } })] }),
    'unrestricted capabilities',
    'container "a" must set securityContext.capabilities.drop=["ALL"]',
  ),
  fail(
    'missing drop ALL and adding a default capability, in separate containers',
    pod({ containers: [ctr('ok'), ctr('b', { capabilities: { drop: ['NET_RAW'] } }), ctr('c', { capabilities: { drop: ['ALL'], add: ['CHOWN'] } })] }),
    'unrestricted capabilities',
    'container "b" must set securityContext.capabilities.drop=["ALL"]; container "c" must not include "CHOWN" in securityContext.capabilities.add',
    ['spec.containers[1].securityContext.capabilities.drop', 'spec.containers[2].securityContext.capabilities.add'],
  ),
  fail(
    // At restricted this replaces capabilities_baseline, so SYS_ADMIN is reported once, here.
    'init and ephemeral containers, and a non-default capability',
    pod({
      initContainers: [ctr('i', { capabilities: undefined })],
      containers: [ctr('a', { capabilities: { add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } })],
      ephemeralContainers: [eph(ctr('e', { capabilities: { drop: ['ALL'], add: ['NET_RAW', 'SYS_ADMIN'] } }))],
    }),
    'unrestricted capabilities',
    'containers "i", "a" must set securityContext.capabilities.drop=["ALL"]; containers "a", "e" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    [
      'spec.initContainers[0].securityContext.capabilities.drop',
      'spec.containers[0].securityContext.capabilities.drop',
      'spec.containers[0].securityContext.capabilities.add',
      'spec.ephemeralContainers[0].securityContext.capabilities.add',
    ],
  ),
]);

checkTable('hostNamespaces', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('all false', pod({ hostNetwork: false, hostPID: false, hostIPC: false })),
  fail('hostIPC', pod({ hostIPC: true }), 'host namespaces', 'hostIPC=true', ['spec.hostIPC']),
  fail('hostPID and hostIPC', pod({ hostIPC: true, hostPID: true }), 'host namespaces', 'hostPID=true, hostIPC=true'),
  fail('all three, in upstream order', pod({ hostIPC: true, hostPID: true, hostNetwork: true }), 'host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true', [
    'spec.hostNetwork',
    'spec.hostPID',
    'spec.hostIPC',
  ]),
]);

// Replaced by restrictedVolumes at every restricted version: a baseline-only table.
checkTable('hostPathVolumes', ['baseline:latest', 'baseline:v1.0'], [
  pass('emptyDir, configMap, and (at baseline) nfs and gitRepo', pod({
    volumes: [
      { name: 'e', emptyDir: {} },
      { name: 'c', configMap: { name: 'cm' } },
      { name: 'n', nfs: { server: 'nfs.example', path: '/' } },
      { name: 'g', gitRepo: { repository: 'https://example.com/r.git' } },
    ],
  })),
  fail('one', pod({ volumes: [{ name: 'h', hostPath: { path: '/etc' } }] }), 'hostPath volumes', 'volume "h"', ['spec.volumes[0].hostPath']),
  fail(
    'two, in spec order',
    pod({ volumes: [{ name: 'ok', emptyDir: {} }, { name: 'z', hostPath: { path: '/' } }, { name: 'h', hostPath: { path: '/var' } }] }),
    'hostPath volumes',
    'volumes "z", "h"',
    ['spec.volumes[1].hostPath', 'spec.volumes[2].hostPath'],
  ),
]);

checkTable('hostPorts', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('container ports only, hostPort unset or 0', pod({ containers: [ctr('a', {}, { ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }] })] })),
  fail('one', pod({ containers: [ctr('a', {}, { ports: [{ containerPort: 80, hostPort: 80 }] })] }), 'hostPort', 'container "a" uses hostPort 80', [
    'spec.containers[0].ports[0].hostPort',
  ]),
  fail(
    'two in one container, sorted as strings',
    pod({ containers: [ctr('a', {}, { ports: [{ containerPort: 1, hostPort: 80 }, { containerPort: 2, hostPort: 443 }] })] }),
    'hostPort',
    'container "a" uses hostPorts 443, 80',
  ),
  fail(
    'init and regular containers, ports unique',
    pod({
      initContainers: [ctr('i', {}, { ports: [{ containerPort: 1, hostPort: 8080 }] })],
      containers: [ctr('a', {}, { ports: [{ containerPort: 2 }, { containerPort: 3, hostPort: 90 }, { containerPort: 4, hostPort: 8080 }] })],
    }),
    'hostPort',
    'containers "i", "a" use hostPorts 8080, 90',
    ['spec.initContainers[0].ports[0].hostPort', 'spec.containers[0].ports[1].hostPort', 'spec.containers[0].ports[2].hostPort'],
  ),
]);

checkTable('privileged', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('false or unset', pod({ containers: [ctr('a', { privileged: false }), ctr('b')] })),
  fail('one', pod({ containers: [ctr('a', { privileged: true })] }), 'privileged', 'container "a" must not set securityContext.privileged=true'),
  fail(
    'init and ephemeral',
    pod({ initContainers: [ctr('i', { privileged: true })], containers: [ctr('a')], ephemeralContainers: [eph(ctr('e', { privileged: true }))] }),
    'privileged',
    'containers "i", "e" must not set securityContext.privileged=true',
    ['spec.initContainers[0].securityContext.privileged', 'spec.ephemeralContainers[0].securityContext.privileged'],
  ),
]);

checkTable('procMount', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('Default or unset', pod({ containers: [ctr('a', { procMount: 'Default' }), ctr('b')] })),
  fail('Unmasked', pod({ containers: [ctr('a', { procMount: 'Unmasked' })] }), 'procMount', 'container "a" must not set securityContext.procMount to "Unmasked"', [
    'spec.containers[0].securityContext.procMount',
  ]),
  fail(
    'init and regular, types unique',
    pod({ initContainers: [ctr('i', { procMount: 'Unmasked' })], containers: [ctr('a', { procMount: 'Unmasked' })] }),
    'procMount',
    'containers "i", "a" must not set securityContext.procMount to "Unmasked"',
  ),
]);

checkTable('restrictedVolumes', ['restricted:latest', 'restricted:v1.0'], [
  pass('the eight allowed inline types', pod({
    volumes: [
      { name: 'cm', configMap: { name: 'cm' } },
      { name: 'csi', csi: { driver: 'csi.example' } },
      { name: 'dapi', downwardAPI: {} },
      { name: 'ed', emptyDir: {} },
      { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
      { name: 'pvc', persistentVolumeClaim: { claimName: 'c' } },
      { name: 'proj', projected: { sources: [] } },
      { name: 's', secret: { secretName: 's' } },
    ],
  })),
  fail('hostPath', pod({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }), 'restricted volume types', 'volume "h" uses restricted volume type "hostPath"', [
    'spec.volumes[0].hostPath',
  ]),
  fail(
    'two types, names in spec order, types sorted',
    pod({ volumes: [{ name: 'b', hostPath: { path: '/' } }, { name: 'ok', emptyDir: {} }, { name: 'a', gitRepo: { repository: 'https://example.com/r.git' } }] }),
    'restricted volume types',
    'volumes "b", "a" use restricted volume types "gitRepo", "hostPath"',
    ['spec.volumes[0].hostPath', 'spec.volumes[2].gitRepo'],
  ),
  fail(
    'one type twice',
    pod({ volumes: [{ name: 'n1', nfs: { server: 's', path: '/' } }, { name: 'n2', nfs: { server: 's', path: '/x' } }] }),
    'restricted volume types',
    'volumes "n1", "n2" use restricted volume type "nfs"',
  ),
  fail('no source at all', pod({ volumes: [{ name: 'x' } as Volume] }), 'restricted volume types', 'volume "x" uses restricted volume type "unknown"'),
]);

checkTable('runAsNonRoot', ['restricted:latest', 'restricted:v1.0'], [
  pass('pod true, containers unset', pod({ initContainers: [ctr('i')], containers: [ctr('a')], ephemeralContainers: [eph(ctr('e'))] })),
  pass(
    'pod unset, every container true',
    pod({
      securityContext: { runAsNonRoot: undefined },
      initContainers: [ctr('i', { runAsNonRoot: true })],
      containers: [ctr('a', { runAsNonRoot: true })],
      ephemeralContainers: [eph(ctr('e', { runAsNonRoot: true }))],
    }),
  ),
  fail(
    'pod true, container false',
    pod({ containers: [ctr('x', { runAsNonRoot: false })] }),
    'runAsNonRoot != true',
    'container "x" must not set securityContext.runAsNonRoot=false',
    ['spec.containers[0].securityContext.runAsNonRoot'],
  ),
  fail(
    'pod unset, container unset',
    pod({ securityContext: { runAsNonRoot: undefined }, containers: [ctr('x')] }),
    'runAsNonRoot != true',
    'pod or container "x" must set securityContext.runAsNonRoot=true',
    ['spec.securityContext.runAsNonRoot'],
  ),
  fail('pod false', pod({ securityContext: { runAsNonRoot: false } }), 'runAsNonRoot != true', 'pod must not set securityContext.runAsNonRoot=false', [
    'spec.securityContext.runAsNonRoot',
  ]),
  fail(
    'pod false and a container false',
    pod({ securityContext: { runAsNonRoot: false }, containers: [ctr('a', { runAsNonRoot: false }), ctr('b')] }),
    'runAsNonRoot != true',
    'pod and container "a" must not set securityContext.runAsNonRoot=false',
    ['spec.securityContext.runAsNonRoot', 'spec.containers[0].securityContext.runAsNonRoot'],
  ),
  fail(
    'explicit false wins over unset containers',
    pod({ securityContext: { runAsNonRoot: undefined }, containers: [ctr('a'), ctr('b', { runAsNonRoot: false })] }),
    'runAsNonRoot != true',
    'container "b" must not set securityContext.runAsNonRoot=false',
  ),
  fail(
    'pod unset, init and ephemeral unset',
    pod({
      securityContext: { runAsNonRoot: undefined },
      initContainers: [ctr('i')],
      containers: [ctr('a', { runAsNonRoot: true })],
      ephemeralContainers: [eph(ctr('e'))],
    }),
    'runAsNonRoot != true',
    'pod or containers "i", "e" must set securityContext.runAsNonRoot=true',
  ),
]);

checkTable('runAsUser', ['restricted:latest', 'restricted:v1.23'], [
  pass('non-zero or unset', pod({ securityContext: { runAsUser: 1000 }, containers: [ctr('a', { runAsUser: 1 }), ctr('b')] })),
  fail('pod 0', pod({ securityContext: { runAsUser: 0 } }), 'runAsUser=0', 'pod must not set runAsUser=0', ['spec.securityContext.runAsUser']),
  fail(
    'pod 0 and container 0',
    pod({ securityContext: { runAsUser: 0 }, containers: [ctr('c', { runAsUser: 0 })] }),
    'runAsUser=0',
    'pod and container "c" must not set runAsUser=0',
    ['spec.securityContext.runAsUser', 'spec.containers[0].securityContext.runAsUser'],
  ),
  fail(
    'init and ephemeral 0 under a non-root pod',
    pod({ securityContext: { runAsUser: 1000 }, initContainers: [ctr('i', { runAsUser: 0 })], containers: [ctr('a')], ephemeralContainers: [eph(ctr('e', { runAsUser: 0 }))] }),
    'runAsUser=0',
    'containers "i", "e" must not set runAsUser=0',
    ['spec.initContainers[0].securityContext.runAsUser', 'spec.ephemeralContainers[0].securityContext.runAsUser'],
  ),
]);

// The field form (v1.19+). Replaced by seccompProfile_restricted at restricted from v1.19.
checkTable('seccompProfile_baseline', ['baseline:latest', 'baseline:v1.19'], [
  pass('unset everywhere', pod({ securityContext: { seccompProfile: undefined }, containers: [bare('a')] })),
  pass('RuntimeDefault and Localhost', pod({ containers: [ctr('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })] })),
  pass('the annotations are ignored from v1.19', pod({}, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } })),
  fail(
    'pod Unconfined',
    pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } }),
    'seccompProfile',
    'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    ['spec.securityContext.seccompProfile.type'],
  ),
  fail(
    'container Unconfined under a RuntimeDefault pod',
    pod({ containers: [ctr('ok'), ctr('x', { seccompProfile: { type: 'Unconfined' } })] }),
    'seccompProfile',
    'container "x" must not set securityContext.seccompProfile.type to "Unconfined"',
    ['spec.containers[1].securityContext.seccompProfile.type'],
  ),
  fail(
    'pod and containers, values unique',
    pod({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      initContainers: [ctr('i', { seccompProfile: { type: 'Unconfined' } })],
      containers: [ctr('a', { seccompProfile: { type: 'Unconfined' } }), ctr('b')],
    }),
    'seccompProfile',
    'pod and containers "i", "a" must not set securityContext.seccompProfile.type to "Unconfined"',
  ),
]);

// The annotation form (up to v1.18), which also runs at restricted up to v1.18.
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CTR = 'container.seccomp.security.alpha.kubernetes.io/';
describe('seccompProfile_baseline up to v1.18 (annotations)', () => {
  checkTable('seccompProfile_baseline', ['baseline:v1.18', 'baseline:v1.0', 'restricted:v1.18'], [
    pass('runtime/default, docker/default, localhost/*', pod({ containers: [ctr('a'), ctr('b')] }, { annotations: { [SECCOMP_POD]: 'runtime/default', [`${SECCOMP_CTR}a`]: 'docker/default', [`${SECCOMP_CTR}b`]: 'localhost/p.json' } })),
    pass('the fields are ignored before v1.19', pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } })),
    pass('annotations of containers the pod does not have', pod({}, { annotations: { [`${SECCOMP_CTR}ghost`]: 'unconfined' } })),
    fail('pod unconfined', pod({}, { annotations: { [SECCOMP_POD]: 'unconfined' } }), 'seccompProfile', `forbidden annotation ${SECCOMP_POD}="unconfined"`, [
      `metadata.annotations[${SECCOMP_POD}]`,
    ]),
    fail('pod empty', pod({}, { annotations: { [SECCOMP_POD]: '' } }), 'seccompProfile', `forbidden annotation ${SECCOMP_POD}=""`),
    fail('a value that needs quoting', pod({}, { annotations: { [SECCOMP_POD]: 'tab\there\u007f\n' } }), 'seccompProfile', `forbidden annotation ${SECCOMP_POD}="tab\\there\\x7f\\n"`),
    fail(
      'pod and an ephemeral container, sorted',
      pod({ containers: [ctr('a')], ephemeralContainers: [eph(ctr('e'))] }, { annotations: { [SECCOMP_POD]: 'unconfined', [`${SECCOMP_CTR}e`]: 'unconfined', [`${SECCOMP_CTR}a`]: 'runtime/default' } }),
      'seccompProfile',
      `forbidden annotations ${SECCOMP_CTR}e="unconfined", ${SECCOMP_POD}="unconfined"`,
    ),
  ]);
});

checkTable('seccompProfile_restricted', ['restricted:latest', 'restricted:v1.19'], [
  pass('pod RuntimeDefault covers every container', pod({ initContainers: [ctr('i')], containers: [ctr('a')], ephemeralContainers: [eph(ctr('e'))] })),
  pass(
    'pod unset, every container set',
    pod({
      securityContext: { seccompProfile: undefined },
      initContainers: [ctr('i', { seccompProfile: { type: 'RuntimeDefault' } })],
      containers: [ctr('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })],
      ephemeralContainers: [eph(ctr('e', { seccompProfile: { type: 'RuntimeDefault' } }))],
    }),
  ),
  fail(
    'pod unset, container unset',
    pod({ securityContext: { seccompProfile: undefined } }),
    'seccompProfile',
    'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    ['spec.securityContext.seccompProfile.type'],
  ),
  fail(
    'container Unconfined overrides the pod RuntimeDefault',
    pod({ containers: [ctr('ok'), ctr('x', { seccompProfile: { type: 'Unconfined' } })] }),
    'seccompProfile',
    'container "x" must not set securityContext.seccompProfile.type to "Unconfined"',
    ['spec.containers[1].securityContext.seccompProfile.type'],
  ),
  fail(
    // Replaces seccompProfile_baseline, so the pod-level Unconfined is reported once, here; the
    // unset container is not listed once something set a bad value.
    'pod Unconfined',
    pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } }),
    'seccompProfile',
    'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    ['spec.securityContext.seccompProfile.type'],
  ),
  fail(
    'pod unset, init and ephemeral unset',
    pod({
      securityContext: { seccompProfile: undefined },
      initContainers: [ctr('i')],
      containers: [ctr('a', { seccompProfile: { type: 'RuntimeDefault' } })],
      ephemeralContainers: [eph(ctr('e'))],
    }),
    'seccompProfile',
    'pod or containers "i", "e" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
  ),
]);

checkTable('seLinuxOptions', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('allowed types, and level', pod({
    securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } },
    containers: [ctr('a', { seLinuxOptions: { type: 'container_init_t' } }), ctr('b', { seLinuxOptions: { type: 'container_kvm_t' } }), ctr('c', { seLinuxOptions: {} })],
  })),
  fail('pod type', pod({ securityContext: { seLinuxOptions: { type: 'spc_t' } } }), 'seLinuxOptions', 'pod set forbidden securityContext.seLinuxOptions: type "spc_t"', [
    'spec.securityContext.seLinuxOptions.type',
  ]),
  fail(
    'container type, user and role',
    pod({ containers: [ctr('a', { seLinuxOptions: { type: 'spc_t', user: 'system_u', role: 'system_r' } })] }),
    'seLinuxOptions',
    'container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set',
    ['spec.containers[0].securityContext.seLinuxOptions.type', 'spec.containers[0].securityContext.seLinuxOptions.user', 'spec.containers[0].securityContext.seLinuxOptions.role'],
  ),
  fail(
    // Upstream's v1.0 text names user and role only next to a forbidden type: nothing follows the colon.
    'user alone',
    pod({ containers: [ctr('a', { seLinuxOptions: { user: 'system_u' } })] }),
    'seLinuxOptions',
    'container "a" set forbidden securityContext.seLinuxOptions: ',
    ['spec.containers[0].securityContext.seLinuxOptions.user'],
  ),
  fail(
    'pod, init and regular container, types sorted and unique',
    pod({
      securityContext: { seLinuxOptions: { type: 'b_t' } },
      initContainers: [ctr('i', { seLinuxOptions: { type: 'a_t' } })],
      containers: [ctr('ok', { seLinuxOptions: { type: 'container_t' } }), ctr('c', { seLinuxOptions: { type: 'b_t', role: 'r' } })],
    }),
    'seLinuxOptions',
    'pod and containers "i", "c" set forbidden securityContext.seLinuxOptions: types "a_t", "b_t"; role may not be set',
  ),
]);

const sysctl = (...names: string[]) => names.map((name) => ({ name, value: '1' }));
checkTable('sysctls', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('the safe set of 1.25', pod({
    securityContext: {
      sysctls: sysctl('kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'),
    },
  })),
  fail('one', pod({ securityContext: { sysctls: sysctl('kernel.msgmax') } }), 'forbidden sysctls', 'kernel.msgmax', ['spec.securityContext.sysctls[0]']),
  fail(
    // net.ipv4.ip_local_reserved_ports is only allowed by upstream's v1.27 revision.
    'several, in spec order, safe ones left out',
    pod({ securityContext: { sysctls: sysctl('net.ipv4.ip_local_reserved_ports', 'kernel.shm_rmid_forced', 'kernel.msgmax') } }),
    'forbidden sysctls',
    'net.ipv4.ip_local_reserved_ports, kernel.msgmax',
    ['spec.securityContext.sysctls[0]', 'spec.securityContext.sysctls[2]'],
  ),
]);

checkTable('windowsHostProcess', ['baseline:latest', 'baseline:v1.0', 'restricted:latest'], [
  pass('false or unset', pod({ securityContext: { windowsOptions: { hostProcess: false } }, containers: [ctr('a', { windowsOptions: { hostProcess: false } }), ctr('b')] })),
  fail('pod', pod({ securityContext: { windowsOptions: { hostProcess: true } } }), 'hostProcess', 'pod must not set securityContext.windowsOptions.hostProcess=true', [
    'spec.securityContext.windowsOptions.hostProcess',
  ]),
  fail('container', pod({ containers: [ctr('a', { windowsOptions: { hostProcess: true } })] }), 'hostProcess', 'container "a" must not set securityContext.windowsOptions.hostProcess=true'),
  fail(
    'pod, init and regular containers',
    pod({
      securityContext: { windowsOptions: { hostProcess: true } },
      initContainers: [ctr('i', { windowsOptions: { hostProcess: true } })],
      containers: [ctr('a', { windowsOptions: { hostProcess: true } }), ctr('b')],
    }),
    'hostProcess',
    'pod and containers "i", "a" must not set securityContext.windowsOptions.hostProcess=true',
    ['spec.securityContext.windowsOptions.hostProcess', 'spec.initContainers[0].securityContext.windowsOptions.hostProcess', 'spec.containers[0].securityContext.windowsOptions.hostProcess'],
  ),
]);

describe('Go quoting of annotation values (%q)', () => {
  it('escapes as strconv.Quote does', () => {
    assert.equal(goQuote('runtime/default'), '"runtime/default"');
    assert.equal(goQuote('\x07\u00a0\u{1F600}\u{E0001}\ud800'), '"\\a\\u00a0\u{1F600}\\U000e0001\ufffd"');
  });
});

describe('check coverage', () => {
  it('every registered check has a table here, and there are 17', () => {
    assert.equal(defaultChecks.length, 17);
    assert.deepEqual(defaultChecks.map((c) => c.id).filter((id) => !tabled.has(id)), []);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Pod-level against container-level settings (beyond the tables above)
// ---------------------------------------------------------------------------------------------

describe('pod-level and container-level settings', () => {
  it('runAsNonRoot: a container true does not cover a pod false', () => {
    const p = pod({ securityContext: { runAsNonRoot: false }, containers: [ctr('a', { runAsNonRoot: true })] });
    expectViolation('restricted:latest', p, 'runAsNonRoot', 'runAsNonRoot != true', 'pod must not set securityContext.runAsNonRoot=false');
  });

  it('seccompProfile: a container RuntimeDefault does not cover a pod Unconfined at baseline or restricted', () => {
    const p = pod({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [ctr('a', { seccompProfile: { type: 'RuntimeDefault' } })] });
    const detail = 'pod must not set securityContext.seccompProfile.type to "Unconfined"';
    expectViolation('baseline:latest', p, 'seccompProfile_baseline', 'seccompProfile', detail);
    expectViolation('restricted:latest', p, 'seccompProfile_restricted', 'seccompProfile', detail);
  });

  it('seccompProfile: a pod Localhost covers containers too', () => {
    expectAllowed('restricted:latest', pod({ securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }, containers: [ctr('a'), ctr('b')] }));
  });

  it('runAsUser: the pod 0 is reported even when every container overrides it', () => {
    const p = pod({ securityContext: { runAsUser: 0 }, containers: [ctr('a', { runAsUser: 1000 })] });
    expectViolation('restricted:latest', p, 'runAsUser', 'runAsUser=0', 'pod must not set runAsUser=0');
  });

  it('seLinuxOptions: an allowed container type does not cover a forbidden pod type', () => {
    const p = pod({ securityContext: { seLinuxOptions: { type: 'spc_t' } }, containers: [ctr('a', { seLinuxOptions: { type: 'container_t' } })] });
    expectViolation('baseline:latest', p, 'seLinuxOptions', 'seLinuxOptions', 'pod set forbidden securityContext.seLinuxOptions: type "spc_t"');
  });

  it('windowsHostProcess: a container false does not cover a pod true', () => {
    const p = pod({ securityContext: { windowsOptions: { hostProcess: true } }, containers: [ctr('a', { windowsOptions: { hostProcess: false } })] });
    expectViolation('baseline:latest', p, 'windowsHostProcess', 'hostProcess', 'pod must not set securityContext.windowsOptions.hostProcess=true');
  });

  it('a pod without spec or metadata evaluates as an empty pod', () => {
    assert.deepEqual(defaultEvaluator.evaluate(lv('restricted:latest'), undefined, undefined), { allowed: true, violations: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// 3 and 4. Several violations in one pod: order, text, and restricted replacing baseline checks
// ---------------------------------------------------------------------------------------------

const BASELINE_IDS = [
  'appArmorProfile',
  'capabilities_baseline',
  'hostNamespaces',
  'hostPathVolumes',
  'hostPorts',
  'privileged',
  'procMount',
  'seLinuxOptions', // "L" < "c": byte order, not case-insensitive
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
];
const REPLACED = ['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline'];
const RESTRICTED_IDS = ['allowPrivilegeEscalation', 'capabilities_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted'];

/** A pod that breaks most rules at once; pod() defaults removed so nothing is inherited. */
const BAD = pod(
  {
    hostNetwork: true,
    hostIPC: true,
    securityContext: { runAsNonRoot: undefined, seccompProfile: undefined, runAsUser: 0, sysctls: sysctl('kernel.msgmax') },
    initContainers: [bare('init', { securityContext: { privileged: true } })],
    containers: [
      bare('app', {
        securityContext: { seLinuxOptions: { type: 'spc_t' }, capabilities: { add: ['SYS_ADMIN'] }, seccompProfile: { type: 'Unconfined' } },
        ports: [{ containerPort: 80, hostPort: 80 }],
      }),
    ],
    volumes: [{ name: 'host', hostPath: { path: '/' } }],
  },
  { annotations: { [`${APPARMOR}app`]: 'unconfined' } },
);

describe('several violations in one pod', () => {
  it('baseline: every baseline finding, in check id order', () => {
    assert.equal(
      forbiddenDetail(evaluate('baseline:latest', BAD)),
      [
        `forbidden AppArmor profile (${APPARMOR}app="unconfined")`,
        'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
        'host namespaces (hostNetwork=true, hostIPC=true)',
        'hostPath volumes (volume "host")',
        'hostPort (container "app" uses hostPort 80)',
        'privileged (container "init" must not set securityContext.privileged=true)',
        'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")',
        'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
        'forbidden sysctls (kernel.msgmax)',
      ].join(', '),
    );
  });

  it('restricted: baseline findings first, then restricted ones; replaced baseline checks not repeated', () => {
    const e = evaluate('restricted:latest', BAD);
    assert.deepEqual(e.violations.map((v) => v.check), [
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'seLinuxOptions',
      'sysctls',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
    assert.equal(
      forbiddenDetail(e),
      [
        `forbidden AppArmor profile (${APPARMOR}app="unconfined")`,
        'host namespaces (hostNetwork=true, hostIPC=true)',
        'hostPort (container "app" uses hostPort 80)',
        'privileged (container "init" must not set securityContext.privileged=true)',
        'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")',
        'forbidden sysctls (kernel.msgmax)',
        'allowPrivilegeEscalation != false (containers "init", "app" must set securityContext.allowPrivilegeEscalation=false)',
        'unrestricted capabilities (containers "init", "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
        'restricted volume types (volume "host" uses restricted volume type "hostPath")',
        'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
        'runAsUser=0 (pod must not set runAsUser=0)',
        'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
      ].join(', '),
    );
  });

  it('restricted:v1.21: capabilities_baseline still runs, runAsUser not yet', () => {
    assert.deepEqual(checksFailing('restricted:v1.21', BAD), [
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'seLinuxOptions',
      'sysctls',
      'allowPrivilegeEscalation',
      'restrictedVolumes',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
  });

  it('fixes name fields of init, regular and ephemeral containers by index', () => {
    const p = pod({
      initContainers: [ctr('i', { allowPrivilegeEscalation: undefined, capabilities: undefined })],
      containers: [ctr('a')],
      ephemeralContainers: [eph(ctr('e', { allowPrivilegeEscalation: true }))],
    });
    const fixes = evaluate('restricted:latest', p).violations.map((v) => [v.check, v.fixes.map((f) => f.field)]);
    assert.deepEqual(fixes, [
      ['allowPrivilegeEscalation', ['spec.initContainers[0].securityContext.allowPrivilegeEscalation', 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation']],
      ['capabilities_restricted', ['spec.initContainers[0].securityContext.capabilities.drop']],
    ]);
    assert.equal(
      forbiddenDetail(evaluate('restricted:latest', p)),
      'allowPrivilegeEscalation != false (containers "i", "e" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "i" must set securityContext.capabilities.drop=["ALL"])',
    );
  });
});

describe('which checks run, in which order', () => {
  it('baseline: the baseline checks, sorted by id in byte order', () => {
    assert.deepEqual(defaultEvaluator.checkIds(lv('baseline:latest')), BASELINE_IDS);
    assert.deepEqual(defaultEvaluator.checkIds(lv('baseline:v1.0')), BASELINE_IDS);
  });

  it('restricted:latest: baseline checks not replaced, then the restricted ones', () => {
    assert.deepEqual(defaultEvaluator.checkIds(lv('restricted:latest')), [...BASELINE_IDS.filter((id) => !REPLACED.includes(id)), ...RESTRICTED_IDS]);
  });

  it('restricted:v1.18: seccompProfile_baseline (annotations) and capabilities_baseline still run', () => {
    assert.deepEqual(defaultEvaluator.checkIds(lv('restricted:v1.18')), [
      ...BASELINE_IDS.filter((id) => id !== 'hostPathVolumes'),
      'allowPrivilegeEscalation',
      'restrictedVolumes',
      'runAsNonRoot',
    ]);
  });

  it('restricted:v1.21: capabilities_baseline still runs; seccompProfile_baseline is replaced', () => {
    const ids = defaultEvaluator.checkIds(lv('restricted:v1.21'));
    assert.ok(ids.includes('capabilities_baseline') && !ids.includes('capabilities_restricted'));
    assert.ok(ids.includes('seccompProfile_restricted') && !ids.includes('seccompProfile_baseline'));
  });

  it('restricted:v1.7 has no allowPrivilegeEscalation check', () => {
    assert.deepEqual(defaultEvaluator.checkIds(lv('restricted:v1.7')), [...BASELINE_IDS.filter((id) => id !== 'hostPathVolumes'), 'restrictedVolumes', 'runAsNonRoot']);
  });

  it('privileged runs nothing', () => {
    assert.deepEqual(defaultEvaluator.checkIds(lv('privileged:latest')), []);
  });

  it('hostPath at restricted: restrictedVolumes alone, at every version', () => {
    const p = pod({ volumes: [{ name: 'h', hostPath: { path: '/' } }] });
    for (const at of ['restricted:v1.0', 'restricted:v1.18', 'restricted:latest']) {
      assert.deepEqual(found(at, p), [['restrictedVolumes', 'restricted volume types', 'volume "h" uses restricted volume type "hostPath"']], at);
    }
  });

  it('a non-default capability at restricted: capabilities_baseline up to v1.21, capabilities_restricted from v1.22', () => {
    const p = pod({ containers: [ctr('a', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })] });
    assert.deepEqual(found('restricted:v1.21', p), [['capabilities_baseline', 'non-default capabilities', 'container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add']]);
    assert.deepEqual(found('restricted:v1.22', p), [['capabilities_restricted', 'unrestricted capabilities', 'container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add']]);
  });

  it('a seccomp annotation at restricted:v1.18 fails seccompProfile_baseline; from v1.19 it is ignored', () => {
    const p = pod({}, { annotations: { [SECCOMP_POD]: 'unconfined' } });
    assert.deepEqual(found('restricted:v1.18', p), [['seccompProfile_baseline', 'seccompProfile', `forbidden annotation ${SECCOMP_POD}="unconfined"`]]);
    expectAllowed('restricted:v1.19', p);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Policy versions
// ---------------------------------------------------------------------------------------------

describe('policy versions', () => {
  it('runAsUser=0 passes restricted:v1.22 and fails v1.23', () => {
    const p = pod({ containers: [ctr('a', { runAsUser: 0 })] });
    expectAllowed('restricted:v1.22', p);
    assert.deepEqual(found('restricted:v1.23', p), [['runAsUser', 'runAsUser=0', 'container "a" must not set runAsUser=0']]);
  });

  it('allowPrivilegeEscalation is not required at restricted:v1.7, required from v1.8', () => {
    const p = pod({ containers: [ctr('a', { allowPrivilegeEscalation: undefined })] });
    expectAllowed('restricted:v1.7', p);
    expectAllowed('restricted:v1.0', p);
    assert.deepEqual(checksFailing('restricted:v1.8', p), ['allowPrivilegeEscalation']);
  });

  it('a seccomp profile is required from restricted:v1.19', () => {
    const p = pod({ securityContext: { seccompProfile: undefined } });
    expectAllowed('restricted:v1.18', p);
    assert.deepEqual(checksFailing('restricted:v1.19', p), ['seccompProfile_restricted']);
  });

  it('drop ALL is required from restricted:v1.22', () => {
    const p = pod({ containers: [ctr('a', { capabilities: undefined })] });
    expectAllowed('restricted:v1.21', p);
    assert.deepEqual(checksFailing('restricted:v1.22', p), ['capabilities_restricted']);
  });

  it('baseline seccomp reads the annotations up to v1.18 and the fields from v1.19', () => {
    const byAnnotation = pod({}, { annotations: { [SECCOMP_POD]: 'unconfined' } });
    const byField = pod({ securityContext: { seccompProfile: { type: 'Unconfined' } } });
    assert.deepEqual(checksFailing('baseline:v1.18', byAnnotation), ['seccompProfile_baseline']);
    expectAllowed('baseline:v1.18', byField);
    expectAllowed('baseline:v1.19', byAnnotation);
    assert.deepEqual(checksFailing('baseline:v1.19', byField), ['seccompProfile_baseline']);
  });

  describe('Windows pods (spec.os.name=windows)', () => {
    // A Windows pod as API validation lets it through: no Linux-only container fields.
    const windows = pod({ os: { name: 'windows' }, securityContext: { seccompProfile: undefined }, containers: [bare('w')] });

    it('are exempt from allowPrivilegeEscalation, seccompProfile_restricted and capabilities_restricted at v1.25 and latest', () => {
      expectAllowed('restricted:v1.25', windows);
      expectAllowed('restricted:latest', windows);
    });

    it('are not exempt at v1.24', () => {
      assert.equal(
        forbiddenDetail(evaluate('restricted:v1.24', windows)),
        'allowPrivilegeEscalation != false (container "w" must set securityContext.allowPrivilegeEscalation=false), ' +
          'unrestricted capabilities (container "w" must set securityContext.capabilities.drop=["ALL"]), ' +
          'seccompProfile (pod or container "w" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
      );
    });

    it('still need runAsNonRoot and pass no baseline check', () => {
      const p = pod({ os: { name: 'windows' }, securityContext: { runAsNonRoot: undefined, seccompProfile: undefined, windowsOptions: { hostProcess: true } }, containers: [bare('w')] });
      assert.deepEqual(found('restricted:latest', p), [
        ['windowsHostProcess', 'hostProcess', 'pod must not set securityContext.windowsOptions.hostProcess=true'],
        ['runAsNonRoot', 'runAsNonRoot != true', 'pod or container "w" must set securityContext.runAsNonRoot=true'],
      ]);
    });

    it('only "windows" counts: a Linux pod is not exempt', () => {
      const linux = pod({ os: { name: 'linux' }, securityContext: { seccompProfile: undefined }, containers: [bare('w')] });
      assert.deepEqual(checksFailing('restricted:latest', linux), ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
    });
  });

  it('latest and future versions evaluate as v1.25', () => {
    assert.equal(defaultEvaluator.maxVersion, 25);
    const pods = [BAD, pod({ os: { name: 'windows' }, containers: [bare('w')] }), pod({ containers: [ctr('a', { runAsUser: 0, capabilities: undefined })] })];
    for (const level of ['baseline', 'restricted']) {
      for (const p of pods) {
        const at125 = evaluate(`${level}:v1.25`, p);
        for (const v of ['latest', 'v1.26', 'v1.30', 'v1.99']) assert.deepEqual(evaluate(`${level}:${v}`, p), at125, `${level}:${v}`);
      }
    }
  });

  it('relaxations of later upstream versions do not apply (1.27 sysctls, 1.34 user namespaces)', () => {
    const reservedPorts = pod({ securityContext: { sysctls: sysctl('net.ipv4.ip_local_reserved_ports') } });
    assert.deepEqual(checksFailing('baseline:v1.30', reservedPorts), ['sysctls']);
    const userns = pod({ hostUsers: false, securityContext: { runAsNonRoot: undefined }, containers: [ctr('a', { procMount: 'Unmasked' })] });
    assert.deepEqual(checksFailing('restricted:v1.34', userns), ['procMount', 'runAsNonRoot']);
  });

  it('privileged allows anything, at every version', () => {
    for (const at of ['privileged:latest', 'privileged:v1.0', 'privileged:v1.25']) expectAllowed(at, BAD);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Namespace labels (api.ts)
// ---------------------------------------------------------------------------------------------

describe('namespace labels', () => {
  const P = 'pod-security.kubernetes.io/';
  const LEVEL_ERROR = 'must be one of privileged, baseline, restricted';
  const VERSION_ERROR = 'must be "latest" or "v1.x"';
  const defaults: Policy = {
    enforce: { level: 'baseline', version: 24 },
    audit: { level: 'restricted', version: 'latest' },
    warn: { level: 'privileged', version: 'latest' },
  };

  it('no labels: the defaults, no errors', () => {
    assert.deepEqual(policyFromLabels(undefined, DEFAULT_POLICY), { policy: DEFAULT_POLICY, errors: [] });
    assert.deepEqual(policyFromLabels({}, defaults), { policy: defaults, errors: [] });
    assert.deepEqual(policyFromLabels({ app: 'x' }, defaults), { policy: defaults, errors: [] });
  });

  it('each label overrides its own default only', () => {
    const { policy, errors } = policyFromLabels({ [`${P}enforce`]: 'restricted', [`${P}audit-version`]: 'v1.22', [`${P}warn`]: 'baseline', [`${P}warn-version`]: 'v1.0' }, defaults);
    assert.deepEqual(errors, []);
    assert.deepEqual(policy, {
      enforce: { level: 'restricted', version: 24 },
      audit: { level: 'restricted', version: 22 },
      warn: { level: 'baseline', version: 0 },
    });
  });

  it('an enforce label alone leaves warn at its default (defaulting warn to enforce came in 1.26)', () => {
    const { policy } = policyFromLabels({ [`${P}enforce`]: 'restricted', [`${P}enforce-version`]: 'v1.24' }, DEFAULT_POLICY);
    assert.deepEqual(policy, { enforce: { level: 'restricted', version: 24 }, audit: DEFAULT_POLICY.audit, warn: DEFAULT_POLICY.warn });
  });

  it('does not change the defaults it is given', () => {
    const copy = structuredClone(defaults);
    const { policy } = policyFromLabels({ [`${P}enforce`]: 'privileged', [`${P}enforce-version`]: 'v1.2' }, defaults);
    assert.deepEqual(defaults, copy);
    policy.enforce.level = 'restricted';
    assert.deepEqual(defaults, copy);
  });

  it('an invalid enforce level fails closed to restricted', () => {
    const { policy, errors } = policyFromLabels({ [`${P}enforce`]: 'Baseline' }, defaults);
    assert.deepEqual(policy.enforce, { level: 'restricted', version: 24 });
    assert.deepEqual(errors, [{ type: 'FieldValueInvalid', field: `metadata.labels[${P}enforce]`, badValue: 'Baseline', detail: LEVEL_ERROR }]);
  });

  it('invalid audit and warn levels fail open to privileged', () => {
    const { policy, errors } = policyFromLabels({ [`${P}audit`]: 'strict', [`${P}warn`]: '' }, defaults);
    assert.equal(policy.audit.level, 'privileged');
    assert.equal(policy.warn.level, 'privileged');
    assert.deepEqual(errors, [
      { type: 'FieldValueInvalid', field: `metadata.labels[${P}audit]`, badValue: 'strict', detail: LEVEL_ERROR },
      { type: 'FieldValueInvalid', field: `metadata.labels[${P}warn]`, badValue: '', detail: LEVEL_ERROR },
    ]);
  });

  it('an invalid version evaluates as latest, with an error, for every mode', () => {
    const { policy, errors } = policyFromLabels({ [`${P}enforce-version`]: 'v1.01', [`${P}audit-version`]: 'v2.0', [`${P}warn-version`]: '1.25' }, defaults);
    assert.deepEqual([policy.enforce.version, policy.audit.version, policy.warn.version], ['latest', 'latest', 'latest']);
    assert.deepEqual(errors, [
      { type: 'FieldValueInvalid', field: `metadata.labels[${P}enforce-version]`, badValue: 'v1.01', detail: VERSION_ERROR },
      { type: 'FieldValueInvalid', field: `metadata.labels[${P}audit-version]`, badValue: 'v2.0', detail: VERSION_ERROR },
      { type: 'FieldValueInvalid', field: `metadata.labels[${P}warn-version]`, badValue: '1.25', detail: VERSION_ERROR },
    ]);
  });

  it('parseVersion', () => {
    const ok: [string, number | 'latest'][] = [['latest', 'latest'], ['v1.0', 0], ['v1.9', 9], ['v1.25', 25], ['v1.30', 30], ['v1.100', 100]];
    for (const [text, version] of ok) assert.deepEqual(parseVersion(text), { version }, text);
    for (const text of ['v1.01', 'v1.00', 'v2.0', 'v0.25', 'v1', 'v1.', '1.25', 'v1.25.0', 'v1.-1', 'V1.25', 'Latest', '', ' v1.25', 'v1.x']) {
      assert.deepEqual(parseVersion(text), { version: 'latest', error: VERSION_ERROR }, JSON.stringify(text));
    }
  });

  it('parseLevel', () => {
    for (const level of ['privileged', 'baseline', 'restricted'] as const) assert.deepEqual(parseLevel(level), { level });
    for (const text of ['Privileged', 'RESTRICTED', '', 'none']) assert.deepEqual(parseLevel(text), { level: 'restricted', error: LEVEL_ERROR }, text);
  });
});
