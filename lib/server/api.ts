import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import type { Connection } from '@/lib/openstack/client';
import { OpenStackCapabilityError, OpenStackError } from '@/lib/openstack/errors';
import { getConfig } from './app-config';
import { endSession, readSession, type SessionData } from './session';

/** The JSON error every route handler answers with. */
export interface ApiErrorBody {
  error: { status: number; message: string; requestId: string | null; fields?: Record<string, string> };
}

export function apiError(status: number, message: string, requestId: string | null = null, fields?: Record<string, string>): Response {
  const body: ApiErrorBody = { error: { status, message, requestId, ...(fields ? { fields } : {}) } };
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

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) throw new InputError('Send the request body as application/json');
  const text = await req.text();
  if (text.length > 1_000_000) throw new InputError('The request body is too large');
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
    timeoutMs: getConfig().upstreamTimeoutMs,
  };
}

const UPSTREAM_WORDS: Record<string, string> = {
  compute: 'The compute service (Nova)',
  image: 'The image service (Glance)',
  identity: 'The identity service (Keystone)',
  network: 'The network service (Neutron)',
};

/** Maps a failure to the browser's answer: never an upstream URL, token or raw body. */
export async function errorResponse(err: unknown): Promise<Response> {
  if (err instanceof InputError) return apiError(400, err.message, null, err.fields);
  if (err instanceof OpenStackError) {
    const who = UPSTREAM_WORDS[err.service] ?? 'The cloud';
    if (err.kind === 'timeout') return apiError(504, `${who} did not answer in time. Try again in a moment.`, err.requestId);
    if (err.kind === 'network') return apiError(502, `${who} could not be reached.`, err.requestId);
    if (err.kind === 'invalid-response') return apiError(502, `${who} sent an answer Snapdeck could not read.`, err.requestId);
    if (err.status === 401) {
      await endSession();
      return apiError(401, 'Your session has ended. Sign in again.', err.requestId);
    }
    if (err.status >= 500) return apiError(502, `${who} failed (${err.status}): ${err.safeMessage}`, err.requestId);
    const passed = [400, 403, 404, 409, 413, 415, 429].includes(err.status) ? err.status : 502;
    return apiError(passed, err.safeMessage, err.requestId);
  }
  // The cloud lacks what the call needs (no endpoint, microversion out of range).
  if (err instanceof OpenStackCapabilityError) return apiError(err.reason === 'no-endpoint' ? 502 : 409, err.safeMessage);
  console.error('snapdeck: unexpected error in route handler', err);
  return apiError(500, 'Something went wrong in Snapdeck. The error was logged on the server.');
}

type RouteParams = { params: Promise<Record<string, string | string[] | undefined>> };

export interface HandlerContext<P, Q, B> {
  req: NextRequest;
  params: P;
  query: Q;
  body: B;
  session: SessionData;
  conn: Connection;
}

interface Spec<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
}

/** A route handler in the house order: parse params, query and body → check the session →
 * call lib → map the result. A plain value is sent as JSON 200; a Response as is. */
export function withSession<P = undefined, Q = undefined, B = undefined>(
  spec: Spec<P, Q, B>,
  handler: (ctx: HandlerContext<P, Q, B>) => Promise<Response | object | null>,
) {
  return async (req: NextRequest, route: RouteParams): Promise<Response> => {
    try {
      const params = spec.params ? parseInput('path', spec.params, await route.params) : (undefined as P);
      const query = spec.query
        ? parseInput('query', spec.query, Object.fromEntries(req.nextUrl.searchParams))
        : (undefined as Q);
      const body = spec.body ? parseInput('body', spec.body, await readJson(req)) : (undefined as B);
      const current = await readSession();
      if (!current) return apiError(401, 'You are not signed in, or your session has ended. Sign in again.');
      const result = await handler({ req, params, query, body, session: current.data, conn: connectionOf(current.data) });
      if (result instanceof Response) return result;
      return Response.json(result ?? {}, { headers: { 'Cache-Control': 'no-store' } });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
