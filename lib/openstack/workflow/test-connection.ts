// The fake server's connection with a workflow endpoint laid out as the spike's catalog has
// it (`http://127.0.0.1:8989/v2`, here under a /workflow prefix), for this folder's tests.
import type { Connection } from '../client';
import { fakeConnection, type FakeServer } from '../testing/fake-server';

export const WORKFLOW_BASE = '/workflow/v2';

export function workflowConnection(fake: Pick<FakeServer, 'url' | 'token'>): Connection {
  const conn = fakeConnection(fake);
  return { ...conn, endpoints: { ...conn.endpoints, workflow: `${fake.url}${WORKFLOW_BASE}` } };
}
