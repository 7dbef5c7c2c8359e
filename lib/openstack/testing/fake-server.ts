// A strict fake OpenStack endpoint for the client's unit tests: it answers an ordered list
// of expected requests, checking method, path, query, token, microversion headers,
// Content-Type and the exact JSON body. Any mismatch is recorded and answered with 500,
// and `assertDone()` fails the test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import type { Connection } from '../client';

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
  /** Never answer (to test timeouts). */
  hang?: boolean;
  /** Send the headers, then never finish the body (timeout during the body read). */
  hangAfterHeaders?: boolean;
  /** Drop the connection without an answer (to test network failures). */
  destroy?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Expectation {
  method: string;
  /** Exact pathname. */
  path: string;
  /** Exact query parameters (order-insensitive); default: none. */
  query?: Record<string, string | string[]>;
  /** Expected X-Auth-Token; default: the server's `token`; null: must be absent. */
  token?: string | null;
  /** Expected value of both microversion headers; null: both absent; undefined: not checked. */
  microversion?: string | null;
  contentType?: string;
  /** Exact JSON body (deep equality). */
  json?: unknown;
  /** Exact raw body. */
  rawBody?: string;
  /** Further request headers that must have these values. */
  headers?: Record<string, string>;
  /** Expected Accept; default: application/json. */
  accept?: string;
  reply: FakeReply | ((req: RecordedRequest) => FakeReply);
}

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  url: string;
  token: string;
  requests: RecordedRequest[];
  problems: string[];
  expect(...e: Expectation[]): void;
  /** Throws unless every expectation was met and nothing unexpected arrived. */
  assertDone(): void;
  close(): Promise<void>;
}

// Shared with the local cloud's tests, so they live outside the client (lib/testing/fixtures).
const FIXTURES = path.join(import.meta.dirname, '../../testing/fixtures/openstack');

/** A fixture body (see lib/testing/fixtures/openstack/README.md for where each comes from). */
export function fixture<T = unknown>(name: string): T {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8');
  return (name.endsWith('.json') ? JSON.parse(text) : text) as T;
}

function queryMatches(actual: URLSearchParams, expected: Record<string, string | string[]>): boolean {
  const want = Object.entries(expected).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));
  const got = [...actual.entries()];
  const norm = (l: string[][]) => l.map(([k, v]) => `${k}=${v}`).sort().join('&');
  return norm(got) === norm(want);
}

function check(e: Expectation, req: RecordedRequest, defaultToken: string): string[] {
  const issues: string[] = [];
  const where = `${req.method} ${req.path}`;
  if (req.method !== e.method || req.path !== e.path) issues.push(`expected ${e.method} ${e.path}, got ${where}`);
  if (!queryMatches(req.query, e.query ?? {})) issues.push(`${where}: query ${req.query.toString()} ≠ ${JSON.stringify(e.query ?? {})}`);
  const token = e.token === undefined ? defaultToken : e.token;
  const gotToken = req.headers['x-auth-token'] ?? null;
  if (gotToken !== token) issues.push(`${where}: X-Auth-Token ${String(gotToken)} ≠ ${String(token)}`);
  if (req.headers.accept !== (e.accept ?? 'application/json')) issues.push(`${where}: Accept ${String(req.headers.accept)}`);
  if (e.microversion !== undefined) {
    const a = req.headers['openstack-api-version'] ?? null;
    const b = req.headers['x-openstack-nova-api-version'] ?? null;
    const wantA = e.microversion === null ? null : `compute ${e.microversion}`;
    if (a !== wantA || b !== e.microversion) issues.push(`${where}: microversion headers ${String(a)} / ${String(b)} ≠ ${String(e.microversion)}`);
  }
  if (e.contentType !== undefined && req.headers['content-type'] !== e.contentType) {
    issues.push(`${where}: Content-Type ${String(req.headers['content-type'])} ≠ ${e.contentType}`);
  }
  if (e.json !== undefined) {
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      body = Symbol('not json');
    }
    if (!isDeepStrictEqual(body, e.json)) issues.push(`${where}: body ${req.body.toString('utf8')} ≠ ${JSON.stringify(e.json)}`);
  }
  if (e.rawBody !== undefined && req.body.toString('utf8') !== e.rawBody) issues.push(`${where}: raw body differs`);
  for (const [k, v] of Object.entries(e.headers ?? {})) {
    const got = req.headers[k.toLowerCase()];
    if (got !== v) issues.push(`${where}: header ${k} ${String(got)} ≠ ${v}`);
  }
  return issues;
}

function send(res: ServerResponse, reply: FakeReply, sockets: Set<Socket>): void {
  if (reply.destroy) {
    res.socket?.destroy();
    return;
  }
  if (reply.hang) return;
  const headers: Record<string, string> = { ...reply.headers };
  let body: string | Buffer = reply.body ?? '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['Content-Type'] ??= 'application/json';
  }
  if (reply.hangAfterHeaders) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': String(Buffer.byteLength(body) + 100) });
    res.write(body);
    if (res.socket) sockets.add(res.socket);
    return;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

export async function startFakeServer(opts: { token?: string } = {}): Promise<FakeServer> {
  const queue: Expectation[] = [];
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const sockets = new Set<Socket>();
  const token = opts.token ?? 'gAAAAAB-fake-token-0123456789';

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const recorded: RecordedRequest = {
        method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      const next = queue.shift();
      if (!next) {
        problems.push(`unexpected request ${recorded.method} ${recorded.path}`);
        res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"fake":"unexpected request"}');
        return;
      }
      const issues = check(next, recorded, token);
      if (issues.length > 0) {
        problems.push(...issues);
        res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ fake: issues }));
        return;
      }
      send(res, typeof next.reply === 'function' ? next.reply(recorded) : next.reply, sockets);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake server has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    requests,
    problems,
    expect: (...e) => queue.push(...e),
    assertDone() {
      const left = queue.map((e) => `${e.method} ${e.path}`);
      if (problems.length > 0 || left.length > 0) {
        throw new Error(`fake server: ${[...problems, ...left.map((l) => `not requested: ${l}`)].join('; ')}`);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The project id in the fake volume endpoint (that of the Cinder spike's samples). */
export const FAKE_PROJECT_ID = '0e55503ea08b4f42bb62a27abe210838';

/** A Connection whose services live under the fake server, laid out like the local cloud
 * (DevStack-like prefixes), so path prefixes before the version segment are exercised. */
export function fakeConnection(
  fake: Pick<FakeServer, 'url' | 'token'>,
  opts: { microversion?: string; network?: boolean; volume?: boolean; volumeMicroversion?: string; timeoutMs?: number } = {},
): Connection {
  return {
    token: fake.token,
    endpoints: {
      identity: `${fake.url}/identity`,
      compute: `${fake.url}/compute/v2.1`,
      image: `${fake.url}/image`,
      network: opts.network === false ? null : `${fake.url}/network`,
      // Cinder's catalog URL carries the project, as on Zed (`/v3/%(project_id)s`).
      volume: opts.volume === false ? null : `${fake.url}/volume/v3/${FAKE_PROJECT_ID}`,
    },
    computeMicroversion: opts.microversion ?? '2.93',
    volumeMicroversion: opts.volumeMicroversion ?? '3.70',
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  };
}
