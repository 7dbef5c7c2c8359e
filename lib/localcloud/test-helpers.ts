// Helpers for tests that drive the local cloud in-process (app.request) or over HTTP.
import type { Hono } from 'hono';
import type { LocalCloudOptions } from './config';
import type { CloudEnv } from './context';
import type { LocalCloud } from './server';
import { createLocalCloud } from './server';

/** A fresh in-process cloud with fast simulated work. */
export function testCloud(opts: LocalCloudOptions = {}): LocalCloud {
  return createLocalCloud({ ...opts, timings: { snapshotPhaseMs: 5, buildMs: 5, powerMs: 5, ...opts.timings } });
}

export function passwordAuth(user: string, password: string, project: string | null): unknown {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
      ...(project ? { scope: { project: { name: project, domain: { name: 'Default' } } } } : {}),
    },
  };
}

/** Signs in like a client (POST /identity/v3/auth/tokens) and returns the token id. */
export async function login(app: Hono<CloudEnv>, user = 'demo', project: string | null = 'demo', password = user): Promise<string> {
  const res = await app.request('/identity/v3/auth/tokens', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(passwordAuth(user, password, project)),
  });
  const token = res.headers.get('X-Subject-Token');
  if (res.status !== 201 || !token) throw new Error(`login ${user}/${project ?? 'unscoped'} failed: ${res.status} ${await res.text()}`);
  return token;
}

/** Polls `check` until it returns something other than undefined/false, or fails at the deadline. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}

export const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();

/** What a test reads back from an in-process call: status, headers, text and parsed JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Tests read arbitrary response shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Calls the cloud in-process; a body that is not a string is sent as JSON. */
export async function callCloud(app: Hono<CloudEnv>, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  const res = await app.request(url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}
