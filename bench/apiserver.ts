// An API server process for the security benchmark: the same server `kubette up` runs, on a fresh
// SQLite file, either bare (plain HTTP, everyone the admin, everything allowed) or secured (HTTPS,
// client-certificate authentication, Node,RBAC authorization, as `kubette up` serves by default).
// Prints one JSON line: the URL and the credentials of the user the load runs as.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClusterPKI, issue, servingNames } from '../src/apiserver/pki.js';
import { ApiServer } from '../src/apiserver/server.js';
import { createLogger } from '../src/machinery/log.js';
import { KUBERNETES_SERVICE_IP } from '../src/registry/core/services.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';

const mode = process.argv[2] as 'off' | 'tls' | 'on';
const dir = mkdtempSync(join(tmpdir(), `kubette-bench-sec-${mode}-`));
const log = createLogger(undefined, 'WARN');
const backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process' });
const pki = mode === 'off' ? undefined : await ensureClusterPKI(join(dir, 'pki'), servingNames('127.0.0.1', KUBERNETES_SERVICE_IP));
const server = new ApiServer({
  backend,
  log,
  ...(pki ? { tls: { cert: pki.serving.cert, key: pki.serving.key, clientCA: pki.ca.cert }, authentication: { anonymous: true } } : {}),
  ...(mode === 'on' ? { authorizationModes: ['Node', 'RBAC'] } : {}),
});
const addr = await server.listen(0, '127.0.0.1');
// The load runs as an ordinary user (RBAC has to find its RoleBinding), the set-up as the admin.
const user = pki ? await issue(pki.ca, { identity: { user: 'bench-user', groups: ['bench'] } }) : undefined;
process.stdout.write(
  JSON.stringify({ url: `${pki ? 'https' : 'http'}://127.0.0.1:${addr.port}`, ca: pki?.ca.cert, admin: pki?.admin, user }) + '\n',
);
process.on('SIGTERM', () => void server.close().then(() => backend.close()).then(() => process.exit(0)));
