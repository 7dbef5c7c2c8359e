// Test helpers for the local cloud's Mistral: a call under /workflow/v2 read back as status,
// headers and JSON, the spike's backup workflow (from the shared fixtures), and the clock.
import type { Hono } from 'hono';
import createResp from '@/lib/testing/fixtures/openstack/mistral-workflows-create-resp.json';
import type { CloudEnv } from '../context';
import { callCloud, type Reply } from '../test-helpers';

/** The spike's backup-wf.yaml (std.http createBackup with the run's token), verbatim. */
export const BACKUP_WORKFLOW: string = createResp.workflows[0]!.definition;

/** A Mistral call: `path` is under /workflow (e.g. "/v2/workflows"). A string body goes as
 * text/plain (YAML), accepting text/plain as the client does (Mistral answers 406 without),
 * anything else as JSON. */
export async function mistral(
  app: Hono<CloudEnv>, token: string | null, method: string, path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers['X-Auth-Token'] = token;
  if (typeof opts.body === 'string') Object.assign(headers, { 'Content-Type': 'text/plain', Accept: 'application/json, text/plain;q=0.9' });
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, opts.headers);
  return callCloud(app, method, `/workflow${path}`, headers, opts.body);
}

/** POST /__admin/clock in process (no socket, no Host: a local caller). */
export async function advanceClock(app: Hono<CloudEnv>, seconds: number): Promise<Reply> {
  const res = await app.request('/__admin/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

/** The spike workflow's input for a server of this cloud. */
export const backupInput = (publicUrl: string, serverId: string, backupType = 'daily', rotation = 2) => ({
  compute_url: `${publicUrl}/compute/v2.1`, server_id: serverId, backup_name: `${backupType}-backup`, backup_type: backupType, rotation,
});
