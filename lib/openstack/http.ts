// The one request function of the client. Every call states its success codes; anything
// else, a timeout, a network failure or a body that does not match its schema becomes an
// OpenStackError with a safe message.
import type { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, rebaseNextLink, serviceBaseUrl, type Endpoints } from './client';
import { OpenStackError, extractSafeMessage, type OpenStackService } from './errors';
import { streamingFetch } from './stream-fetch';

export const USER_AGENT = 'snapdeck/0.1';

/** What a request needs from a connection. Identity calls made before a session exists
 * (issueToken) pass only the auth URL as `endpoints.identity`. */
export interface RequestConn {
  token: string | null;
  endpoints: Partial<Endpoints>;
  computeMicroversion?: string;
  volumeMicroversion?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Per-call transport settings for calls made without a Connection (identity). */
export interface Transport {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

type ParseMode = z.ZodType | 'none' | 'stream';

export interface RequestSpec<P extends ParseMode> {
  service: OpenStackService;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Relative to the service's versioned base ("/servers/detail"); ignored with nextLink. */
  path?: string;
  /** A next-page link from a previous response; only its path and query are used. */
  nextLink?: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  body?: Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** The status codes that mean success for this call. */
  ok: readonly number[];
  timeoutMs?: number;
  parse: P;
  /** Lets a caller cancel (e.g. a download whose browser went away). */
  signal?: AbortSignal;
}

type Parsed<P extends ParseMode> = P extends 'none'
  ? null
  : P extends 'stream'
    ? ReadableStream<Uint8Array> | null
    : P extends z.ZodType
      ? z.output<P>
      : never;

export interface Reply<T> {
  status: number;
  headers: Headers;
  requestId: string | null;
  data: T;
}

function buildUrl(conn: RequestConn, spec: RequestSpec<ParseMode>): string {
  const endpoint = conn.endpoints[spec.service];
  if (!endpoint) throw new Error(`No ${spec.service} endpoint in this connection`);
  if (spec.nextLink !== undefined) return rebaseNextLink(spec.service, endpoint, spec.nextLink);
  const url = new URL(`${serviceBaseUrl(spec.service, endpoint)}${spec.path ?? ''}`);
  for (const [key, value] of Object.entries(spec.query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
    else url.searchParams.append(key, String(value));
  }
  return url.toString();
}

function buildHeaders(conn: RequestConn, spec: RequestSpec<ParseMode>): Headers {
  // Accept matters for Glance: without it, its errors come back as HTML.
  const headers = new Headers({ Accept: 'application/json', 'User-Agent': USER_AGENT });
  if (conn.token) headers.set('X-Auth-Token', conn.token);
  if (spec.service === 'compute' && conn.computeMicroversion) {
    // Both headers: the new one (2.27+) wins where understood, the old one serves older Novas.
    headers.set('OpenStack-API-Version', `compute ${conn.computeMicroversion}`);
    headers.set('X-OpenStack-Nova-API-Version', conn.computeMicroversion);
  }
  // Cinder reads only the new header (cinder/api/openstack/wsgi.py); without it, 3.0.
  if (spec.service === 'volume' && conn.volumeMicroversion) {
    headers.set('OpenStack-API-Version', `volume ${conn.volumeMicroversion}`);
  }
  if (spec.json !== undefined) headers.set('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers.set(k, v);
  return headers;
}

const requestIdOf = (headers: Headers) =>
  headers.get('x-openstack-request-id') ?? headers.get('x-compute-request-id');

const MAX_ERROR_BODY = 64 * 1024;

async function readErrorBody(res: Response): Promise<string> {
  try {
    const text = await res.text();
    return text.slice(0, MAX_ERROR_BODY);
  } catch {
    return '';
  }
}

export async function request<P extends ParseMode>(conn: RequestConn, spec: RequestSpec<P>): Promise<Reply<Parsed<P>>> {
  const { service, method } = spec;
  const url = buildUrl(conn, spec);
  const timeoutMs = spec.timeoutMs ?? conn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  }, timeoutMs);
  const signal = spec.signal ? AbortSignal.any([controller.signal, spec.signal]) : controller.signal;
  const fail = (kind: 'timeout' | 'network' | 'invalid-response', safeMessage: string, status: number, requestId: string | null, cause?: unknown) =>
    new OpenStackError({ service, method, status, kind, requestId, safeMessage, cause });
  const failFromThrown = (err: unknown, requestId: string | null) => {
    if (timedOut) return fail('timeout', `The ${service} service did not answer within ${timeoutMs} ms.`, 0, requestId, err);
    if (spec.signal?.aborted) return err;
    return fail('network', `The ${service} service could not be reached.`, 0, requestId, err);
  };

  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers: buildHeaders(conn, spec),
    signal,
    // A redirect could lead to a host the catalog did not name: treat it as a failure.
    redirect: 'manual',
  };
  if (spec.json !== undefined) init.body = JSON.stringify(spec.json);
  else if (spec.body !== undefined) {
    init.body = spec.body as BodyInit;
    if (spec.body instanceof ReadableStream) init.duplex = 'half';
  }

  // A streamed answer (image data) comes over node:http in large chunks: stream-fetch.ts.
  const doFetch = conn.fetch ?? (spec.parse === 'stream' && init.body === undefined ? streamingFetch : fetch);
  let res: Response;
  try {
    res = await doFetch(url, init);
  } catch (err) {
    clearTimeout(timer);
    throw failFromThrown(err, null);
  }
  const requestId = requestIdOf(res.headers);

  try {
    if (!spec.ok.includes(res.status)) {
      // A success code the call does not state (200 where Nova's create answers 202) is an
      // answer this client cannot read, not an error the service explained.
      if (res.status >= 200 && res.status < 300) {
        throw fail('invalid-response', `The ${service} service answered HTTP ${res.status}, which this call does not expect.`, res.status, requestId);
      }
      const text = await readErrorBody(res);
      const secrets = conn.token ? [conn.token] : [];
      throw new OpenStackError({
        service, method, status: res.status, kind: 'http', requestId,
        safeMessage: extractSafeMessage(res.status, res.headers.get('content-type'), text, secrets),
      });
    }
    const base = { status: res.status, headers: res.headers, requestId };
    if (spec.parse === 'stream') {
      // Only the headers are under the timeout: a large download may take as long as it needs.
      clearTimeout(timer);
      return { ...base, data: (res.body ?? null) as Parsed<P> };
    }
    if (spec.parse === 'none') {
      await res.body?.cancel();
      return { ...base, data: null as Parsed<P> };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw failFromThrown(err, requestId);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw fail('invalid-response', `The ${service} service returned a body that is not JSON.`, res.status, requestId, err);
    }
    const parsed = spec.parse.safeParse(json);
    if (!parsed.success) {
      // Server-side log only: issue paths and messages, never the body or the URL.
      console.error(`[openstack] ${service} ${method}: response failed validation`, JSON.stringify(parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message }))));
      throw fail('invalid-response', `The ${service} service returned a response this client does not understand.`, res.status, requestId, parsed.error);
    }
    return { ...base, data: parsed.data as Parsed<P> };
  } catch (err) {
    clearTimeout(timer);
    // Free the connection if the body was never read.
    await res.body?.cancel().catch(() => undefined);
    throw err;
  } finally {
    if (spec.parse !== 'stream') clearTimeout(timer);
  }
}
