// The kubectl command tree: global flags, and each top-level verb by name, loaded from cmd/<verb>.ts
// only when it runs (or when help or completion needs the whole tree).
import type { Command } from './command.js';
import type { FlagDef } from './flags.js';

export const GLOBAL_FLAGS: FlagDef[] = [
  { name: 'kubeconfig', type: 'string', usage: 'Path to the kubeconfig file to use for CLI requests.' },
  { name: 'context', type: 'string', usage: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', usage: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', usage: 'The name of the kubeconfig user to use' },
  { name: 'namespace', shorthand: 'n', type: 'string', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'server', shorthand: 's', type: 'string', usage: 'The address and port of the Kubernetes API server' },
  { name: 'token', type: 'string', usage: 'Bearer token for authentication to the API server' },
  { name: 'insecure-skip-tls-verify', type: 'bool', usage: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure" },
  { name: 'certificate-authority', type: 'string', usage: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', usage: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', usage: 'Path to a client key file for TLS' },
  { name: 'tls-server-name', type: 'string', usage: 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used' },
  { name: 'username', type: 'string', usage: 'Username for basic authentication to the API server' },
  { name: 'password', type: 'string', usage: 'Password for basic authentication to the API server' },
  { name: 'as', type: 'string', usage: 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.' },
  { name: 'as-group', type: 'stringArray', usage: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.' },
  { name: 'as-uid', type: 'string', usage: 'UID to impersonate for the operation.' },
  { name: 'cache-dir', type: 'string', usage: 'Default cache directory' },
  { name: 'kuberc', type: 'string', usage: 'Path to the kuberc file to use for preferences. This can be disabled by exporting KUBECTL_KUBERC=false.' },
  { name: 'request-timeout', type: 'string', default: '0', usage: "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests." },
  { name: 'match-server-version', type: 'bool', usage: 'Require server version to match client version' },
  { name: 'warnings-as-errors', type: 'bool', usage: 'Treat warnings received from the server as errors and exit with a non-zero exit code' },
  { name: 'v', shorthand: 'v', type: 'int', usage: 'number for the log level verbosity' },
  { name: 'vmodule', type: 'string', usage: 'comma-separated list of pattern=N settings for file-filtered logging', hidden: true },
  { name: 'profile', type: 'string', default: 'none', usage: 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)', hidden: true },
  { name: 'profile-output', type: 'string', default: 'profile.pprof', usage: 'Name of the file to write the profile to', hidden: true },
  { name: 'log-flush-frequency', type: 'duration', default: '5s', usage: 'Maximum number of seconds between log flushes', hidden: true },
];

export interface TopLevel {
  name: string;
  aliases?: string[];
  short: string;
  group: string;
  load: () => Promise<{ command: Command }>;
}

/** kubectl's top-level commands that Kubette implements, in kubectl's help groups. */
export const TOP_LEVEL: TopLevel[] = [
  { name: 'create', short: 'Create a resource from a file or from stdin', group: 'Basic Commands (Beginner):', load: () => import('./cmd/create.js') },
  { name: 'get', short: 'Display one or many resources', group: 'Basic Commands (Intermediate):', load: () => import('./cmd/get.js') },
  { name: 'explain', short: 'Get documentation for a resource', group: 'Basic Commands (Intermediate):', load: () => import('./cmd/explain.js') },
  { name: 'edit', short: 'Edit a resource on the server', group: 'Basic Commands (Intermediate):', load: () => import('./cmd/edit.js') },
  { name: 'delete', short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector', group: 'Basic Commands (Intermediate):', load: () => import('./cmd/delete.js') },
  { name: 'rollout', short: 'Manage the rollout of a resource', group: 'Deploy Commands:', load: () => import('./cmd/rollout.js') },
  { name: 'scale', short: 'Set a new size for a deployment, replica set, or replication controller', group: 'Deploy Commands:', load: () => import('./cmd/scale.js') },
  { name: 'describe', short: 'Show details of a specific resource or group of resources', group: 'Troubleshooting and Debugging Commands:', load: () => import('./cmd/describe.js') },
  { name: 'logs', short: 'Print the logs for a container in a pod', group: 'Troubleshooting and Debugging Commands:', load: () => import('./cmd/logs.js') },
  { name: 'exec', short: 'Execute a command in a container', group: 'Troubleshooting and Debugging Commands:', load: () => import('./cmd/exec.js') },
  { name: 'auth', short: 'Inspect authorization', group: 'Cluster Management Commands:', load: () => import('./cmd/auth.js') },
  { name: 'apply', short: 'Apply a configuration to a resource by file name or stdin', group: 'Advanced Commands:', load: () => import('./cmd/apply.js') },
  { name: 'patch', short: 'Update fields of a resource', group: 'Advanced Commands:', load: () => import('./cmd/patch.js') },
  { name: 'replace', short: 'Replace a resource by file name or stdin', group: 'Advanced Commands:', load: () => import('./cmd/replace.js') },
  { name: 'label', short: 'Update the labels on a resource', group: 'Settings Commands:', load: () => import('./cmd/label.js') },
  { name: 'annotate', short: 'Update the annotations on a resource', group: 'Settings Commands:', load: () => import('./cmd/annotate.js') },
  { name: 'completion', short: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)', group: 'Settings Commands:', load: () => import('./cmd/completion.js') },
  { name: 'api-resources', short: 'Print the supported API resources on the server', group: 'Other Commands:', load: () => import('./cmd/apiresources.js') },
  { name: 'api-versions', short: 'Print the supported API versions on the server, in the form of "group/version"', group: 'Other Commands:', load: () => import('./cmd/apiversions.js') },
  { name: 'config', short: 'Modify kubeconfig files', group: 'Other Commands:', load: () => import('./cmd/config.js') },
  { name: 'version', short: 'Print the client and server version information', group: 'Other Commands:', load: () => import('./cmd/version.js') },
];

export const findTopLevel = (word: string) => TOP_LEVEL.find((t) => t.name === word || (t.aliases ?? []).includes(word));
