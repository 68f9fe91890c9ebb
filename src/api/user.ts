// Who a request is from, as authentication decided it (k8s.io/apiserver's user.Info). Pure data:
// admission, authorization, audit and the access reviews all read it.
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** The well-known names authentication and the bootstrap policy share. */
export const Users = {
  anonymous: 'system:anonymous',
  admin: 'system:admin',
  controllerManager: 'system:kube-controller-manager',
  scheduler: 'system:kube-scheduler',
  nodePrefix: 'system:node:',
  serviceAccountPrefix: 'system:serviceaccount:',
} as const;

export const Groups = {
  masters: 'system:masters',
  authenticated: 'system:authenticated',
  unauthenticated: 'system:unauthenticated',
  nodes: 'system:nodes',
  serviceAccounts: 'system:serviceaccounts',
  bootstrappers: 'system:bootstrappers',
} as const;

/**
 * The node a user acts for (pkg/auth/nodeidentifier), as the Node authorizer and NodeRestriction
 * both ask it: a name `system:node:<name>` AND membership of `system:nodes`, both.
 * `name` may be "" (a node user whose node cannot be told), which callers refuse.
 */
export function nodeIdentity(user: UserInfo | undefined): { isNode: false } | { isNode: true; name: string } {
  if (!user || !user.username.startsWith(Users.nodePrefix)) return { isNode: false };
  if (!user.groups.includes(Groups.nodes)) return { isNode: false };
  return { isNode: true, name: user.username.slice(Users.nodePrefix.length) };
}
