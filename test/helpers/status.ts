// Asserting Kubernetes Status error responses, shared by the HTTP tests.
import assert from 'node:assert/strict';

export function assertStatus(r: { status: number; body: any }, code: number, reason: string, message?: string | RegExp): void {
  assert.equal(r.status, code, JSON.stringify(r.body));
  assert.equal(r.body.kind, 'Status');
  assert.equal(r.body.apiVersion, 'v1');
  assert.equal(r.body.status, 'Failure');
  assert.equal(r.body.code, code);
  assert.equal(r.body.reason, reason);
  if (typeof message === 'string') assert.equal(r.body.message, message);
  else if (message) assert.match(r.body.message, message);
}
