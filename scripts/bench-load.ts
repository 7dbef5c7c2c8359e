// `npm run bench:load`: the production app under load, on loopback only and for a bounded
// time. Builds if the build folder is missing or older than the sources, starts
// `scripts/serve.ts start` (the app and its embedded local cloud) on its own ports, reseeds
// the cloud with 1,000 servers, signs in one session per connection, then the connections
// poll the Instances list and the Snapshots tab with autocannon, each with its own session.
// Prints requests/s, p50, p99, non-2xx and errors per route and overall; exits 1 if any
// request failed. Stops the server it started, whatever happens.
//
//   npm run bench:load -- [--seconds 30] [--connections 50] [--servers 1000] [--images 3000]
//                         [--port N] [--cloud-port N] [--dist-dir DIR] [--build]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';

const LOOPBACK = '127.0.0.1';
const ROOT = process.cwd();

const { values: raw } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
    servers: { type: 'string', default: '1000' },
    // Every third bulk image is a snapshot (lib/localcloud/state/seed.ts): 1,000 snapshots.
    images: { type: 'string', default: '3000' },
    port: { type: 'string' },
    'cloud-port': { type: 'string' },
    'dist-dir': { type: 'string', default: process.env.SNAPDECK_DIST_DIR || '.next-bench' },
    build: { type: 'boolean', default: false },
  },
  strict: true,
});

const port = z.coerce.number().int().min(1).max(65_535);
const options = z.object({
  seconds: z.coerce.number().int().min(1).max(600),
  connections: z.coerce.number().int().min(2).max(500),
  servers: z.coerce.number().int().min(0).max(100_000),
  images: z.coerce.number().int().min(0).max(100_000),
  port: port.optional(),
  'cloud-port': port.optional(),
  'dist-dir': z.string().regex(/^\.next[\w.-]*$/, 'the build folder is .next or .next-<name>, in this directory'),
  build: z.boolean(),
}).safeParse(raw);
if (!options.success) {
  console.error(`bench:load: ${options.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const opts = options.data;

/** A port nobody listens on, or the given one after checking it is free (a stale server
 * there would be measured instead of this build). */
function freePort(wanted?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${wanted} is in use: stop what listens there or pick another` : err.message)));
    probe.listen(wanted ?? 0, LOOPBACK, () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
}

/** The newest modification time under the build's inputs. */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) walk(path.join(p, name));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs']) {
    if (existsSync(path.join(ROOT, p))) walk(path.join(ROOT, p));
  }
  return newest;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} ${args[1] ?? ''} failed (${signal ?? code})`))));
  });
}

async function buildIfNeeded(distDir: string) {
  const buildId = path.join(ROOT, distDir, 'BUILD_ID');
  const current = existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource();
  if (current && !opts.build) {
    console.log(`build: ${distDir} is newer than the sources, reused`);
    return;
  }
  console.log(`build: next build into ${distDir} (${current ? 'forced' : existsSync(buildId) ? 'sources changed' : 'none yet'})`);
  await run(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { ...process.env, SNAPDECK_DIST_DIR: distDir });
}

/** The app's server, with its output kept for a failure report. */
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: NodeJS.ProcessEnv): Started {
  // Node runs serve.ts itself (tsx as a loader, not its CLI), so the pid is the server, and
  // its own process group lets the clean-up reach anything it starts.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/serve.ts'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Signals the server's process group; false when it is gone already. */
function signal(s: Started, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-s.child.pid!, sig);
    return true;
  } catch {
    return false;
  }
}

async function stopServer(s: Started): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) {
    signal(s, 'SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    if ((await Promise.race([s.exited, timeout])) === 'timeout') {
      console.error('server: no exit 10 s after SIGTERM, killing it');
      signal(s, 'SIGKILL');
      await s.exited;
    }
  }
}

/** Polls `url` until it answers 200, the server exits, or the deadline passes. */
async function waitFor(url: string, server: Started, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let exited = false;
  void server.exited.then(() => { exited = true; });
  for (;;) {
    if (exited) throw new Error(`the server exited before ${url} answered`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status === 200, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function signIn(appUrl: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/login`, {
    method: 'POST',
    headers: { Origin: appUrl, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo', domain: 'Default', project: 'demo' }),
  });
  await expectOk(res, 'sign-in');
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  if (!cookie) throw new Error('sign-in: 200 but no session cookie');
  return cookie;
}

interface Route {
  name: string;
  path: string;
  /** Checks one answer's shape before the load, so the load measures real pages. */
  check: (body: unknown) => string;
}

const ROUTES: Route[] = [
  {
    name: 'GET /api/servers?limit=20',
    path: '/api/servers?limit=20',
    check: (b) => {
      const n = z.object({ servers: z.array(z.unknown()) }).parse(b).servers.length;
      if (n !== 20) throw new Error(`expected a page of 20 instances, got ${n}`);
      return `${n} instances`;
    },
  },
  {
    name: 'GET /api/images?tab=snapshots',
    path: '/api/images?tab=snapshots',
    check: (b) => {
      const n = z.object({ images: z.array(z.unknown()) }).parse(b).images.length;
      if (n === 0) throw new Error('expected snapshots, got none');
      return `${n} snapshots`;
    },
  },
];

interface Measured {
  name: string;
  latencies: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Nearest-rank percentile, ms. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

async function load(appUrl: string, route: Route, cookies: string[], seconds: number): Promise<Measured> {
  let next = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `${appUrl}${route.path}`,
      connections: cookies.length,
      duration: seconds,
      timeout: 10,
      // One session per connection: connection i polls with cookie i.
      setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length], accept: 'application/json' }),
    }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  return { name: route.name, latencies, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts };
}

function report(rows: Measured[], elapsed: number): boolean {
  const all: Measured = {
    name: 'overall',
    latencies: rows.flatMap((r) => r.latencies),
    non2xx: rows.reduce((n, r) => n + r.non2xx, 0),
    errors: rows.reduce((n, r) => n + r.errors, 0),
    timeouts: rows.reduce((n, r) => n + r.timeouts, 0),
  };
  const cols = ['route', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'];
  const line = (c: string[]) => `${c[0]!.padEnd(32)}${c.slice(1).map((v) => v.padStart(10)).join('')}`;
  console.log(`\n${line(cols)}`);
  for (const r of [...rows, all]) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    console.log(line([r.name, String(sorted.length), (sorted.length / elapsed).toFixed(1), percentile(sorted, 0.5).toFixed(1),
      percentile(sorted, 0.99).toFixed(1), String(r.non2xx), `${r.errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''}`]));
  }
  return all.non2xx === 0 && all.errors === 0 && all.timeouts === 0 && all.latencies.length > 0;
}

async function main(): Promise<number> {
  const distDir = opts['dist-dir'];
  const appPort = await freePort(opts.port);
  const cloudPort = await freePort(opts['cloud-port']);
  await buildIfNeeded(distDir);

  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(appPort), LOCALCLOUD_PORT: String(cloudPort), SNAPDECK_DIST_DIR: distDir, HOST: LOOPBACK,
  };
  // Always the embedded local cloud, never a cloud of the caller's shell, and no state file.
  for (const k of ['OS_AUTH_URL', 'SNAPDECK_AUTH_URL', 'OS_CLOUD', 'LOCALCLOUD_STATE', 'LOCALCLOUD_LOG']) delete env[k];

  const appUrl = `http://${LOOPBACK}:${appPort}`;
  const cloudUrl = `http://${LOOPBACK}:${cloudPort}`;
  const server = startServer(env);
  const stop = () => {
    void stopServer(server).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await waitFor(`${cloudUrl}/__admin/health`, server, 120);
    await waitFor(`${appUrl}/login`, server, 120);

    const seeded = await expectOk(await fetch(`${cloudUrl}/__admin/reset`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ servers: opts.servers, images: opts.images }),
    }), 'reset the local cloud') as { servers: number; images: number };
    console.log(`local cloud: ${seeded.servers} servers, ${seeded.images} images (${cloudUrl})`);

    const cookies: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < opts.connections; i++) cookies.push(await signIn(appUrl));
    console.log(`signed in ${cookies.length} sessions as demo in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    for (const route of ROUTES) {
      const body = await expectOk(await fetch(`${appUrl}${route.path}`, { headers: { cookie: cookies[0]!, accept: 'application/json' } }), route.name);
      console.log(`${route.name}: ${route.check(body)}`);
    }

    // The connections split between the two routes, each connection with its own session.
    const half = Math.ceil(cookies.length / 2);
    console.log(`\nload: ${cookies.length} connections (${half} + ${cookies.length - half}) for ${opts.seconds} s on ${appUrl} …`);
    const started = performance.now();
    const rows = await Promise.all([
      load(appUrl, ROUTES[0]!, cookies.slice(0, half), opts.seconds),
      load(appUrl, ROUTES[1]!, cookies.slice(half), opts.seconds),
    ]);
    const ok = report(rows, (performance.now() - started) / 1000);
    if (server.child.exitCode !== null) throw new Error('the server exited during the load');
    if (!ok) console.error('\nbench:load: some requests failed (non-2xx or errors)');
    return ok ? 0 : 1;
  } catch (err) {
    console.error(`bench:load: ${err instanceof Error ? err.message : String(err)}`);
    console.error(`--- server output (last lines) ---\n${server.output().split('\n').slice(-40).join('\n')}`);
    return 1;
  } finally {
    await stopServer(server);
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
