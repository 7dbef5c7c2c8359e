// Test hooks of the local cloud under /__admin, for loopback callers only: health, request
// log, fault rules, reseeding, timings, token expiry and server state. Not an OpenStack API.
// Only programs on this machine may drive it: a loopback address and Host name (against DNS
// rebinding), no Origin (no web page), and JSON bodies only (no form or text/plain post).
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { describeIssues, seedCountsSchema, serviceOptions, timingsSchema } from '../config';
import type { CloudContext, CloudEnv } from '../context';
import { addFault, faultRuleInputSchema, nodeIncoming } from './faults';
import { seededData } from '../state/persistence';
import type { RequestLogEntry, Server, VmState } from '../state/state';
import { keystoneTime, novaTime } from '../state/state';
import { allRegionClouds, clearOtherRegions } from '../regions';
import { advanceClock, clockNow, resetEngine } from '../mistral/engine';

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const v4 = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return addr === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A Host header naming this machine by loopback: 127.0.0.1, localhost or [::1], any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i.test(host);
}

const isJsonType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';

const adminError = (c: Context, status: number, message: string) =>
  c.json({ error: { code: status, message } }, status as ContentfulStatusCode);

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<{ ok: true; value: z.output<T> } | { ok: false; res: Response }> {
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, res: adminError(c, 400, 'The body is not valid JSON.') };
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) return { ok: false, res: adminError(c, 400, describeIssues(r.error)) };
  return { ok: true, value: r.data };
}

const requestsQuery = z.strictObject({
  since: z.string().regex(/^\d+$/, 'since is a sequence number').transform(Number).optional(),
  service: z.enum(['identity', 'compute', 'image', 'network', 'volume', 'workflow', 'other']).optional(),
  method: z.string().regex(/^[A-Za-z]+$/).transform((m) => m.toUpperCase()).optional(),
  path: z.string().optional(),
});

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const tokensQuery = z.strictObject({ revoked: bool.optional(), expired: bool.optional(), user: z.string().min(1).max(255).optional() });

const VM_STATES = ['active', 'building', 'paused', 'suspended', 'stopped', 'rescued', 'resized', 'soft-delete', 'deleted', 'error', 'shelved', 'shelved_offloaded'] as const satisfies readonly VmState[];
const serverPatch = z.strictObject({
  vmState: z.enum(VM_STATES).optional(),
  taskState: z.string().min(1).max(255).nullable().optional(),
  powerState: z.union([z.literal(0), z.literal(1), z.literal(3), z.literal(4), z.literal(6), z.literal(7)]).optional(),
  agentRunning: z.boolean().optional(),
}).refine((p) => Object.keys(p).length > 0, 'give at least one of vmState, taskState, powerState, agentRunning');

const serverSummary = (s: Server) => ({
  id: s.id, name: s.name, vmState: s.vmState, taskState: s.taskState, powerState: s.powerState,
  agentChannel: s.agentChannel, agentRunning: s.agentRunning,
});

/** Back to the seed: data, faults, request log, timings and pending simulated work. */
export function resetCloud(cloud: CloudContext, counts: z.infer<typeof seedCountsSchema> = {}): void {
  for (const t of cloud.timers) clearTimeout(t);
  cloud.timers.clear();
  const { state } = cloud;
  state.data = seededData(counts);
  state.reindex();
  state.blobs.clear();
  clearOtherRegions(cloud);
  state.faults = [];
  state.requestLog = [];
  state.timings = { ...serviceOptions(cloud).initialTimings };
  state.touch();
  // The reset cleared the timers, the Mistral engine's trigger check among them.
  resetEngine(cloud);
}

/** POST /__admin/clock: moves Mistral's clock forward (at most a year at once). */
const clockBody = z.strictObject({ advanceSeconds: z.number().int().min(0).max(366 * 86_400) });

export function adminRoutes(cloud: CloudContext): Hono<CloudEnv> {
  const app = new Hono<CloudEnv>();
  const started = Date.now();

  // In-process app.request() has no socket and usually no Host: that caller is this
  // process, so local. Over a socket, HTTP/1.1 always sends Host.
  app.use('*', async (c, next) => {
    const socket = nodeIncoming(c) !== undefined;
    if (socket && !isLoopbackAddress(getConnInfo(c).remote.address)) {
      return adminError(c, 403, 'The admin API answers loopback callers only.');
    }
    const host = c.req.header('host');
    if ((socket || host !== undefined) && !isLoopbackHost(host)) {
      return adminError(c, 403, 'The admin API answers only requests for Host 127.0.0.1, localhost or [::1] (with any port).');
    }
    if (c.req.header('origin') !== undefined) {
      return adminError(c, 403, 'The admin API refuses requests with an Origin header: no web page may drive it.');
    }
    // A browser's no-cors GET (an <img> or <script> tag) carries no Origin but does say where it comes from.
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'none') {
      return adminError(c, 403, `The admin API refuses requests a web page made (Sec-Fetch-Site: ${site}).`);
    }
    // Read once here; Hono caches the body for the handler.
    if ((await c.req.text()).length > 0 && !isJsonType(c.req.header('content-type'))) {
      return adminError(c, 415, 'The admin API accepts only application/json bodies.');
    }
    await next();
  });

  app.get('/health', (c) => {
    const { state } = cloud;
    const opts = serviceOptions(cloud);
    return c.json({
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      regions: opts.regions,
      neutron: opts.neutron,
      mistral: opts.mistral,
      counts: { servers: state.data.servers.length, images: state.data.images.length, tokens: state.data.tokens.length, faults: state.faults.length },
      timings: state.timings,
    });
  });

  app.get('/requests', (c) => {
    const q = requestsQuery.safeParse(c.req.query());
    if (!q.success) return adminError(c, 400, describeIssues(q.error));
    const { since, service, method, path } = q.data;
    const requests = cloud.state.requestLog.filter((r: RequestLogEntry) =>
      (since === undefined || r.seq > since) && (!service || r.service === service)
      && (!method || r.method === method) && (!path || r.path.includes(path)));
    const log = cloud.state.requestLog;
    return c.json({ requests, lastSeq: log[log.length - 1]?.seq ?? since ?? 0 });
  });
  app.delete('/requests', (c) => {
    cloud.state.requestLog = [];
    return c.body(null, 204);
  });

  app.post('/faults', async (c) => {
    const b = await body(c, faultRuleInputSchema);
    if (!b.ok) return b.res;
    const rule = addFault(cloud, b.value);
    return c.json({ id: rule.id }, 201);
  });
  app.get('/faults', (c) => c.json({ faults: cloud.state.faults }));
  app.delete('/faults', (c) => {
    cloud.state.faults = [];
    return c.body(null, 204);
  });
  app.delete('/faults/:id', (c) => {
    const id = c.req.param('id');
    const before = cloud.state.faults.length;
    cloud.state.faults = cloud.state.faults.filter((f) => f.id !== id);
    if (cloud.state.faults.length === before) return adminError(c, 404, `No fault rule ${id}.`);
    return c.body(null, 204);
  });

  app.post('/reset', async (c) => {
    const b = await body(c, seedCountsSchema);
    if (!b.ok) return b.res;
    resetCloud(cloud, b.value);
    return c.json({ status: 'reset', servers: cloud.state.data.servers.length, images: cloud.state.data.images.length });
  });

  app.get('/timings', (c) => c.json({ timings: cloud.state.timings }));
  app.post('/timings', async (c) => {
    const b = await body(c, timingsSchema.partial());
    if (!b.ok) return b.res;
    Object.assign(cloud.state.timings, b.value);
    return c.json({ timings: cloud.state.timings });
  });

  // Token ids are secrets: the admin API never lists them, it only answers about a given one.
  // Counts over every token, or over those issued to the users named `user` (any domain).
  app.get('/tokens', (c) => {
    const q = tokensQuery.safeParse(c.req.query());
    if (!q.success) return adminError(c, 400, describeIssues(q.error));
    const now = Date.now();
    let tokens = cloud.state.data.tokens;
    if (q.data.user !== undefined) {
      const name = q.data.user;
      const ids = new Set(cloud.state.data.users.filter((u) => u.name === name).map((u) => u.id));
      // An unknown name is an error, so a misspelt user cannot make "no active token" pass.
      if (ids.size === 0) return adminError(c, 404, `No user named ${name}.`);
      tokens = tokens.filter((t) => ids.has(t.userId));
    }
    const expired = (t: { expiresAt: string }) => Date.parse(t.expiresAt) <= now;
    const count = tokens.filter((t) => (q.data.revoked === undefined || t.revoked === q.data.revoked)
      && (q.data.expired === undefined || expired(t) === q.data.expired)).length;
    return c.json({
      total: tokens.length,
      active: tokens.filter((t) => !t.revoked && !expired(t)).length,
      revoked: tokens.filter((t) => t.revoked).length,
      expired: tokens.filter(expired).length,
      count,
    });
  });
  app.post('/tokens/expire-all', (c) => {
    const past = keystoneTime(new Date(Date.now() - 1000));
    let n = 0;
    for (const t of cloud.state.data.tokens) {
      if (Date.parse(t.expiresAt) > Date.now()) {
        t.expiresAt = past;
        n++;
      }
    }
    cloud.state.touch();
    return c.json({ expired: n });
  });
  // The e2e sentinel: does any text the dashboard sent to a browser contain a token this
  // cloud issued? Answers a count, so the ids themselves stay secret.
  app.post('/tokens/scan', async (c) => {
    const b = await body(c, z.object({ text: z.string().max(50_000_000) }));
    if (!b.ok) return b.res;
    const found = cloud.state.data.tokens.filter((t) => b.value.text.includes(t.id)).length;
    return c.json({ tokens: cloud.state.data.tokens.length, found });
  });
  app.get('/tokens/:id', (c) => {
    const t = cloud.state.token(c.req.param('id'));
    return c.json({ exists: !!t, revoked: t?.revoked ?? false, expired: t ? Date.parse(t.expiresAt) <= Date.now() : false });
  });
  app.post('/tokens/:id/expire', (c) => {
    const t = cloud.state.token(c.req.param('id'));
    if (!t) return adminError(c, 404, 'No such token.');
    t.expiresAt = keystoneTime(new Date(Date.now() - 1000));
    cloud.state.touch();
    return c.json({ exists: true, revoked: t.revoked, expired: true });
  });

  app.post('/servers/:id', async (c) => {
    // A server of any region's Nova.
    const server = allRegionClouds(cloud).map((r) => r.state.server(c.req.param('id'))).find((s) => s !== undefined);
    if (!server) return adminError(c, 404, `No server ${c.req.param('id')}.`);
    const b = await body(c, serverPatch);
    if (!b.ok) return b.res;
    const p = b.value;
    if (p.vmState !== undefined) server.vmState = p.vmState;
    if (p.taskState !== undefined) server.taskState = p.taskState;
    if (p.powerState !== undefined) server.powerState = p.powerState;
    if (p.agentRunning !== undefined) server.agentRunning = p.agentRunning;
    server.updatedAt = novaTime();
    cloud.state.touch();
    return c.json({ server: serverSummary(server) });
  });

  // Mistral's clock, so that tests see cron triggers fire without waiting minutes: the clock
  // stops at each due trigger, which fires, and its run (with the Nova work it asked for)
  // ends before the clock goes on. Answers the executions started on the way.
  app.get('/clock', (c) => {
    if (!serviceOptions(cloud).mistral) return adminError(c, 404, 'This cloud runs without Mistral (--no-mistral): it has no workflow clock.');
    return c.json({ now: new Date(clockNow(cloud)).toISOString() });
  });
  app.post('/clock', async (c) => {
    if (!serviceOptions(cloud).mistral) return adminError(c, 404, 'This cloud runs without Mistral (--no-mistral): it has no workflow clock.');
    const b = await body(c, clockBody);
    if (!b.ok) return b.res;
    const moved = await advanceClock(cloud, b.value.advanceSeconds);
    return c.json({
      now: new Date(moved.now).toISOString(),
      executions: moved.started.map((e) => ({ id: e.id, workflowName: e.workflowName, cronTriggerId: e.cronTriggerId, state: e.state })),
      settled: moved.settled,
    });
  });

  app.all('*', (c) => adminError(c, 404, `No admin endpoint ${c.req.method} ${c.req.path}.`));
  return app;
}
