// Per-controller credentials (kube-controller-manager's --use-service-account-credentials, with the
// client builder of k8s.io/controller-manager/pkg/clientbuilder): each controller talks to the API
// server as its own service account in kube-system, bound by the bootstrap policy to its
// system:controller:<name> role, so a controller can do only what its role grants. The manager's own
// identity only provisions the accounts and asks for their tokens through the TokenRequest API.
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { TokenRequest } from 'kubernetes-types/authentication/v1.js';
import type { KObject } from '../api/object.js';
import type { Clock } from '../client/clock.js';
import { connect, isAlreadyExists, isNotFound, RestClient, type ServerConnection } from '../client/rest.js';
import type { Logger } from '../machinery/log.js';

/** Upstream's token lifetime (an hour) and how much of it is left when the token is replaced (20%). */
const EXPIRATION_SECONDS = 3600;
/** The least wall time a token lives under a fast simulated clock (see expirationSeconds). */
const MIN_WALL_LIFETIME_S = 5;
const LEEWAY_PERCENT = 20;
/** A lifetime shorter than this is taken for clock skew and pinned to it, as upstream does. */
const MIN_LIFETIME_MS = 10 * 60_000;
/** Upstream's retry of a token request: 500 ms, doubling, four tries. */
const RETRY_MS = 500;
const TRIES = 4;

type SA = KObject & ServiceAccount;
type TR = KObject & TokenRequest;

export interface ServiceAccountCredentialsOptions {
  /** The manager's own connection: its identity provisions the accounts and requests their tokens. */
  connection: ServerConnection;
  /** The manager's client over that connection. */
  root: RestClient;
  clock: Clock;
  log: Logger;
  /** Where the controllers' service accounts live (default kube-system). */
  namespace?: string;
  userAgent: string;
}

/** A controller's token, replaced on the clock before it expires. */
class RefreshingToken {
  token = '';
  private cancel?: () => void;
  private stopped = false;

  constructor(
    private readonly fetch: () => Promise<{ token: string; expiresAt: Date }>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly name: string,
  ) {}

  async start(): Promise<void> {
    await this.refresh(true);
  }

  private async refresh(first: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      const { token, expiresAt } = await this.fetch();
      this.token = token;
      const lifetime = Math.max(expiresAt.getTime() - this.clock.now().getTime(), MIN_LIFETIME_MS);
      this.schedule(lifetime - Math.floor((lifetime * LEEWAY_PERCENT) / 100));
    } catch (err) {
      if (first) throw err;
      // The token in hand stays good for the leeway; try again well before it runs out.
      this.log.error('could not refresh a controller token', { serviceAccount: this.name, err: err instanceof Error ? err.message : String(err) });
      this.schedule(30_000);
    }
  }

  private schedule(ms: number): void {
    this.cancel = this.clock.after(ms, () => void this.refresh(false));
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }
}

/**
 * Clients authenticated as service accounts of one namespace. The clients carry no credentials of
 * the manager's (no client certificate: the server would take that over the bearer token), only the
 * connection's server and CA — upstream builds them from an anonymous copy of its kubeconfig.
 */
export class ServiceAccountCredentials {
  private readonly namespace: string;
  private readonly anonymous: RestClient;
  private readonly clients = new Map<string, Promise<RestClient>>();
  private readonly tokens: RefreshingToken[] = [];
  private readonly serviceAccounts;

  constructor(private readonly opts: ServiceAccountCredentialsOptions) {
    this.namespace = opts.namespace ?? 'kube-system';
    const { cert: _c, key: _k, ...tls } = opts.connection.tls ?? {};
    this.anonymous = connect({ server: opts.connection.server, tls: opts.connection.tls ? tls : undefined }, { userAgent: opts.userAgent });
    this.serviceAccounts = opts.root.resource<SA>({ group: '', version: 'v1', resource: 'serviceaccounts' });
  }

  /** The client for service account `name` (made once, its account created if missing). */
  clientFor(name: string): Promise<RestClient> {
    let c = this.clients.get(name);
    if (!c) {
      c = this.build(name);
      this.clients.set(name, c);
      c.catch(() => this.clients.delete(name)); // a later start tries again
    }
    return c;
  }

  private async build(name: string): Promise<RestClient> {
    await this.ensureServiceAccount(name);
    const token = new RefreshingToken(() => this.requestToken(name), this.opts.clock, this.opts.log, name);
    await token.start();
    this.tokens.push(token);
    const username = `system:serviceaccount:${this.namespace}:${name}`;
    // Upstream appends the account's username to the user agent, so a request's author shows in logs.
    return this.anonymous.withTokenSource(() => token.token, { userAgent: `${this.opts.userAgent}/${username}` });
  }

  private async ensureServiceAccount(name: string): Promise<void> {
    try {
      await this.serviceAccounts.get(name, this.namespace);
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await this.serviceAccounts.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: this.namespace } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err; // another manager made it meanwhile
    }
  }

  /**
   * Upstream's hour, in cluster time — but at least five seconds of wall time. Under a simulated
   * clock running N times faster an hour can be milliseconds, and a refresh at 80% of that would
   * lose to any pause of the event loop and lock the controller out; five seconds leave a second.
   */
  private expirationSeconds(): number {
    const rate = this.opts.clock.rate ?? 1;
    return Math.min(Math.max(EXPIRATION_SECONDS, Math.ceil(rate * MIN_WALL_LIFETIME_S)), 2 ** 32 - 1);
  }

  private async requestToken(name: string): Promise<{ token: string; expiresAt: Date }> {
    let wait = RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        // Made again if deleted meanwhile: the token would not authenticate without it.
        await this.ensureServiceAccount(name);
        const tr = await this.opts.root.request<TR>({
          method: 'POST',
          path: `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/serviceaccounts/${encodeURIComponent(name)}/token`,
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec: { expirationSeconds: this.expirationSeconds() } },
        });
        if (!tr.status?.token) throw new Error('the TokenRequest came back without a token');
        return { token: tr.status.token, expiresAt: new Date(tr.status.expirationTimestamp) };
      } catch (err) {
        if (attempt >= TRIES) throw new Error(`failed to get token for ${this.namespace}/${name}: ${err instanceof Error ? err.message : String(err)}`);
        this.opts.log.info('get token failed', { namespace: this.namespace, serviceAccountName: name, err: err instanceof Error ? err.message : String(err) });
        await new Promise<void>((r) => this.opts.clock.after(wait, r));
        wait *= 2;
      }
    }
  }

  /** Stop refreshing tokens and close the clients' connections. */
  close(): void {
    for (const t of this.tokens.splice(0)) t.stop();
    this.anonymous.close();
  }
}
