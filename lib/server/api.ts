import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import type { Connection } from '@/lib/openstack/client';
import { OpenStackCapabilityError, OpenStackError } from '@/lib/openstack/errors';
import { getConfig } from './app-config';
import { revokeToken } from '@/lib/openstack/identity/tokens';
import { checkOrigin } from './origin';
import { browserUsesHttps, securityHeaders } from './security-headers';
import { endSession, readSession, type SessionData } from './session';

/** The JSON error every route handler answers with. */
export interface ApiErrorBody {
  /** `detail`: the service's own words, where `message` explains them. */
  error: { status: number; message: string; requestId: string | null; fields?: Record<string, string>; detail?: string };
}

export function apiError(status: number, message: string, requestId: string | null = null, fields?: Record<string, string>, detail?: string): Response {
  const body: ApiErrorBody = { error: { status, message, requestId, ...(fields ? { fields } : {}), ...(detail ? { detail } : {}) } };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Input that failed validation: 400 with the first problem in words and one per field. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string, readonly fields: Record<string, string> = {}) {
    super(message);
  }
}

function fromZod(where: string, error: z.ZodError): InputError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || where;
    fields[key] ??= issue.message;
  }
  const first = error.issues[0];
  const name = first?.path.join('.') || where;
  return new InputError(`Invalid ${name}: ${first?.message ?? 'malformed input'}`, fields);
}

export function parseInput<T>(where: string, schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(where, r.error);
  return r.data;
}

/** Bodies are capped while they stream: 64 KiB unless a route needs more (launch: user data). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** A refusal of feature code, in words: a rule of the domain (a shared rotation, a copy
 * limit, a quota short), with its 4xx status and, for forms, the field it is about. Mapped by
 * errorBody like every other failure, so routes need no catch of their own: features extend it. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(readonly status: number, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

/** Refusals of the request itself, before any upstream call: 403 (origin), 413, 415. */
export class RequestRefused extends Error {
  override name = 'RequestRefused';
  constructor(readonly status: 403 | 413 | 415, message: string) {
    super(message);
  }
}

// `application/json`, optionally with parameters; nothing before it, nothing else after.
const JSON_TYPE = /^application\/json[ \t]*(?:;.*)?$/i;

function tooLarge(limit: number): RequestRefused {
  return new RequestRefused(413, `The request body is larger than ${Math.round(limit / 1024)} KiB.`);
}

/** Refuses a declared length over the limit before reading anything. */
function checkDeclaredLength(req: Request, limit: number): void {
  const declared = req.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > limit)) throw tooLarge(limit);
}

/** Reads the body as text, stopping as soon as it passes the limit. */
async function readCapped(req: Request, limit: number): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: Request, limit: number): Promise<unknown> {
  if (!JSON_TYPE.test(req.headers.get('content-type') ?? '')) {
    throw new RequestRefused(415, 'Send the request body as application/json.');
  }
  const text = await readCapped(req, limit);
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new InputError('The request body is not valid JSON');
  }
}

export function connectionOf(session: SessionData): Connection {
  return {
    token: session.tokenId,
    endpoints: session.endpoints,
    computeMicroversion: session.computeMicroversion,
    volumeMicroversion: session.volumeMicroversion,
    timeoutMs: getConfig().upstreamTimeoutMs,
  };
}

const UPSTREAM_WORDS: Record<string, string> = {
  compute: 'The compute service (Nova)',
  image: 'The image service (Glance)',
  identity: 'The identity service (Keystone)',
  network: 'The network service (Neutron)',
  volume: 'The block storage service (Cinder)',
  workflow: 'The workflow service (Mistral)',
};

type ErrorFields = ApiErrorBody['error'];
const body = (status: number, message: string, requestId: string | null = null, fields?: Record<string, string>): ErrorFields =>
  ({ status, message, requestId, ...(fields ? { fields } : {}) });

/** The browser's words for a failure: never an upstream URL, token or raw body. The one
 * mapping behind route handlers' answers (errorResponse) and pages' prefetched failures. */
export function errorBody(err: unknown): ErrorFields {
  if (err instanceof InputError) return body(400, err.message, null, err.fields);
  if (err instanceof RequestRefused) return body(err.status, err.message);
  if (err instanceof Refusal) return body(err.status, err.message, null, err.fields);
  if (err instanceof OpenStackError) {
    const who = UPSTREAM_WORDS[err.service] ?? 'The cloud';
    if (err.kind === 'timeout') return body(504, `${who} did not answer in time. Try again in a moment.`, err.requestId);
    if (err.kind === 'network') return body(502, `${who} could not be reached.`, err.requestId);
    if (err.kind === 'invalid-response') return body(502, `${who} sent an answer Snapdeck could not read.`, err.requestId);
    if (err.status === 401) return body(401, 'Your session has ended. Sign in again.', err.requestId);
    if (err.status >= 500) return body(502, `${who} failed (${err.status}): ${err.safeMessage}`, err.requestId);
    const passed = [400, 403, 404, 409, 413, 415, 429].includes(err.status) ? err.status : 502;
    return body(passed, err.safeMessage, err.requestId);
  }
  // The cloud lacks what the call needs (no endpoint, microversion out of range).
  if (err instanceof OpenStackCapabilityError) return body(err.reason === 'no-endpoint' ? 502 : 409, err.safeMessage);
  console.error('snapdeck: unexpected error in route handler', err);
  return body(500, 'Something went wrong in Snapdeck. The error was logged on the server.');
}

/** Maps a failure to the browser's answer; Keystone's 401 also ends the session. */
export async function errorResponse(err: unknown): Promise<Response> {
  if (err instanceof OpenStackError && err.is(401)) await endSession();
  const e = errorBody(err);
  return apiError(e.status, e.message, e.requestId, e.fields, e.detail);
}

type RouteParams = { params: Promise<Record<string, string | string[] | undefined>> };

export interface RequestContext<P, Q, B> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
}

export interface HandlerContext<P, Q, B> extends RequestContext<P, Q, B> {
  session: SessionData;
  conn: Connection;
}

interface Spec<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Bytes a body may have; DEFAULT_BODY_LIMIT unless the route needs more. */
  maxBodyBytes?: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function toResponse(result: Response | object | null): Response {
  if (result instanceof Response) return result;
  return Response.json(result ?? {}, { headers: { 'Cache-Control': 'no-store' } });
}

/** The request's own checks, in order, before any session or upstream call: a request that
 * may change something must come from the app's origin; then the body's size and type; then
 * params, query and body through zod. */
async function parseRequest<P, Q, B>(spec: Spec<P, Q, B>, req: NextRequest, route: RouteParams): Promise<RequestContext<P, Q, B>> {
  if (!SAFE_METHODS.has(req.method)) {
    const verdict = checkOrigin(req.headers, getConfig());
    if (!verdict.ok) throw new RequestRefused(403, verdict.reason);
    checkDeclaredLength(req, spec.maxBodyBytes ?? DEFAULT_BODY_LIMIT);
  }
  const params = spec.params ? parseInput('path', spec.params, await route.params) : (undefined as P);
  const query = spec.query ? parseInput('query', spec.query, Object.fromEntries(req.nextUrl.searchParams)) : (undefined as Q);
  const body = spec.body ? parseInput('body', spec.body, await readJson(req, spec.maxBodyBytes ?? DEFAULT_BODY_LIMIT)) : (undefined as B);
  return { req, params, query, body };
}

/** A route for anyone, signed in or not (sign-in, sign-out): the same checks, no session. */
export function publicRoute<P = undefined, Q = undefined, B = undefined>(
  spec: Spec<P, Q, B>,
  handler: (ctx: RequestContext<P, Q, B>) => Promise<Response | object | null>,
) {
  return async (req: NextRequest, route: RouteParams): Promise<Response> => {
    let res: Response;
    try {
      res = toResponse(await handler(await parseRequest(spec, req, route)));
    } catch (err) {
      res = await errorResponse(err);
    }
    return withSecurityHeaders(res, req);
  };
}

/** Every API answer's per-request security headers (proxy.ts does not run for /api): its CSP,
 * no-store, and HSTS when the browser came over https. */
function withSecurityHeaders(res: Response, req: NextRequest): Response {
  const https = browserUsesHttps(getConfig(), req.headers.get('x-forwarded-proto'));
  const headers = Object.entries(securityHeaders({ kind: 'api', https }));
  try {
    for (const [name, value] of headers) res.headers.set(name, value);
    return res;
  } catch {
    // A Response made by Response.redirect() or fetch() has immutable headers; a copy has not.
    const copy = new Response(res.body, res);
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}

/** A route handler in the house order: origin, size and type → parse params, query and body →
 * check the session → call lib → map the result. A plain value is sent as JSON 200; a
 * Response as is. */
export function withSession<P = undefined, Q = undefined, B = undefined>(
  spec: Spec<P, Q, B>,
  handler: (ctx: HandlerContext<P, Q, B>) => Promise<Response | object | null>,
) {
  return publicRoute(spec, async (ctx) => {
    // A session that ended by time (idle, too old) takes its token with it.
    const current = await readSession({ touch: true, onEnded: (ended) => revokeSessionTokens([ended.tokenId]) });
    if (!current) return apiError(401, 'You are not signed in, or your session has ended. Sign in again.');
    return handler({ ...ctx, session: current.data, conn: connectionOf(current.data) });
  });
}

/** Revokes tokens in Keystone, each with itself; answers whether all of them went. */
export async function revokeSessionTokens(tokens: readonly string[]): Promise<boolean> {
  const { authUrl, upstreamTimeoutMs } = getConfig();
  let all = true;
  for (const token of tokens) {
    try {
      await revokeToken(authUrl, token, token, { timeoutMs: upstreamTimeoutMs });
    } catch (err) {
      // A token Keystone no longer knows is as good as revoked.
      if (err instanceof OpenStackError && err.status === 404) continue;
      all = false;
      console.error('snapdeck: token revocation failed', err instanceof Error ? err.message : err);
    }
  }
  return all;
}
