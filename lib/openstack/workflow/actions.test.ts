import { describe, expect, it } from 'vitest';
import { fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { hasAction, listActions } from './actions';
import { WORKFLOW_BASE, workflowConnection } from './test-connection';

const fake = withFakeServer();
const actions = `${WORKFLOW_BASE}/actions`;

describe('actions', () => {
  it('listActions by name reads the action descriptor resource', async () => {
    fake().expect({ method: 'GET', path: actions, query: { name: 'std.http', limit: '1000' }, reply: { status: 200, json: fixture('mistral-actions-std-http.json') } });
    const [http] = await listActions(workflowConnection(fake()), { name: 'std.http' });
    expect(http).toEqual({ name: 'std.http', description: 'HTTP action.', input: expect.stringMatching(/^url, method="GET"/), scope: 'public' });
  });

  it('hasAction: Debian\'s Mistral has std.http and no nova.servers_backup', async () => {
    fake().expect(
      { method: 'GET', path: actions, query: { name: 'std.http', limit: '1' }, reply: { status: 200, json: fixture('mistral-actions-std-http.json') } },
      { method: 'GET', path: actions, query: { name: 'nova.servers_backup', limit: '1' }, reply: { status: 200, json: { actions: [] } } },
    );
    const conn = workflowConnection(fake());
    expect(await hasAction(conn, 'std.http')).toBe(true);
    expect(await hasAction(conn, 'nova.servers_backup')).toBe(false);
  });
});
