import { describe, expect, it } from 'vitest';
import { withFakeServer } from '@/lib/openstack/testing/use-fake-server';
import { WORKFLOW_BASE, workflowConnection } from '@/lib/openstack/workflow/test-connection';
import { parse as parseYaml } from 'yaml';
import { HTTP_WORKFLOW, NOVA_WORKFLOW, WORKFLOW_VERSIONS, workflowVersionFor } from './workflow';

const fake = withFakeServer();
const actions = `${WORKFLOW_BASE}/actions`;

describe("Snapdeck's backup workflow", () => {
  it('uses nova.servers_backup where the cloud has the OpenStack actions, std.http elsewhere', async () => {
    fake().expect(
      { method: 'GET', path: actions, query: { name: 'nova.servers_backup', limit: '1' }, reply: { status: 200, json: { actions: [{ name: 'nova.servers_backup', scope: 'public' }] } } },
      { method: 'GET', path: actions, query: { name: 'nova.servers_backup', limit: '1' }, reply: { status: 200, json: { actions: [] } } },
    );
    const conn = workflowConnection(fake());
    expect(await workflowVersionFor(conn)).toBe(NOVA_WORKFLOW);
    expect(await workflowVersionFor(conn)).toBe(HTTP_WORKFLOW);
  });

  it('every version is one private-scope workflow of its own name, tagged snapdeck, with the same inputs and output', () => {
    const shapes = WORKFLOW_VERSIONS.map((v) => {
      const doc = parseYaml(v.definition) as Record<string, { input: unknown[]; output: unknown; tags: string[] }>;
      expect(Object.keys(doc).filter((k) => k !== 'version')).toEqual([v.name]);
      const wf = doc[v.name]!;
      expect(wf.tags).toEqual(['snapdeck']);
      const names = wf.input.map((i) => (typeof i === 'string' ? i : Object.keys(i as object)[0]));
      return { names: names.sort(), output: wf.output };
    });
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
  });

  it('the std.http version sends the run\'s own token to Nova, at microversion 2.45 (the image id in the answer)', () => {
    expect(HTTP_WORKFLOW.definition).toContain('X-Auth-Token: <% $.openstack.auth_token %>');
    expect(HTTP_WORKFLOW.definition).toContain('X-OpenStack-Nova-API-Version: "2.45"');
    expect(NOVA_WORKFLOW.definition).not.toMatch(/auth_token|X-Auth-Token/);
  });
});
