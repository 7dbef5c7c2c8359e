// `npm start` / `npm run dev`: with no cloud configured, start the local cloud first and
// point the dashboard at it; then run Next.js. Fails fast on a bad configuration.
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, isLoopbackHost, parseConfig, type AppConfig } from '../lib/server/config';
import { listenUrl, plainHttpWarning } from '../lib/server/listen';

const mode = z.enum(['dev', 'start']).parse(process.argv[2] ?? 'start');

const env = { ...process.env };
const port = z.coerce.number().int().min(1).max(65535).default(3000).parse(env.PORT || undefined);
const usesRealCloud = Boolean(env.SNAPDECK_AUTH_URL || env.OS_AUTH_URL || env.OS_CLOUD);

async function main() {
  let closeCloud: (() => Promise<void>) | null = null;
  if (!usesRealCloud) {
    const { startLocalCloud } = await import('../lib/localcloud/server');
    const { writeOpenrc } = await import('../lib/localcloud/cli');
    const num = (v: string | undefined) => (v ? z.coerce.number().int().min(0).parse(v) : undefined);
    // Two regions by default, so that Copy to region works out of the box (LOCALCLOUD_REGIONS=RegionOne for one).
    const regions = z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).min(1)
      .parse((env.LOCALCLOUD_REGIONS || 'RegionOne,RegionTwo').split(',').map((r) => r.trim()).filter(Boolean));
    const cloud = await startLocalCloud({
      port: num(env.LOCALCLOUD_PORT) ?? 0,
      regions,
      stateFile: env.LOCALCLOUD_STATE || undefined,
      timings: {
        snapshotPhaseMs: num(env.LOCALCLOUD_SNAPSHOT_PHASE_MS),
        buildMs: num(env.LOCALCLOUD_BUILD_MS),
        powerMs: num(env.LOCALCLOUD_POWER_MS),
        tokenTtlSeconds: num(env.LOCALCLOUD_TOKEN_TTL),
      },
      log: env.LOCALCLOUD_LOG === '1' ? (line: string) => console.log(`[localcloud] ${line}`) : undefined,
    });
    closeCloud = cloud.close;
    env.SNAPDECK_AUTH_URL = `${cloud.url}/identity`;
    env.SNAPDECK_LOCALCLOUD = '1';
    const openrc = await writeOpenrc(cloud.url);
    console.log(`Local cloud on ${cloud.url} (openstack CLI: source ${path.relative(process.cwd(), openrc)})`);
  }
  // A session password for this run when none is configured: cookies then last as long as
  // the process, which is what a local run wants.
  env.SNAPDECK_SESSION_PASSWORDS ||= randomBytes(32).toString('base64url');
  let config: AppConfig;
  try {
    config = parseConfig(env, () => '');
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`snapdeck: ${err.message}`);
      await closeCloud?.();
      process.exit(2);
    }
    throw err;
  }
  console.log(`Snapdeck → ${config.cloudName} (${config.authUrl})`);
  const warning = plainHttpWarning(config);
  if (warning) console.warn(warning);
  if (mode === 'start') {
    await serveProduction(env, config, port, closeCloud);
    return;
  }
  const nextBin = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [nextBin, mode, '-H', config.host, '-p', String(port)], { env, stdio: 'inherit' });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code, signal) => {
    await closeCloud?.();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

/** Image downloads stream through a route handler, and Next.js 16 drops Content-Length from
 * route-handler responses (send-response.js FORBIDDEN_HEADERS). The route also sends the
 * length as X-Image-Size; here, for that route only, it becomes Content-Length again, so a
 * browser knows the size and a short body is an error, not a silent truncation. */
const IMAGE_FILE = /^\/api\/images\/[^/?]+\/file(?:\?|$)/;

function keepImageLength(res: ServerResponse): void {
  const mirror = (name: string, value: unknown) => {
    if (name.toLowerCase() === 'x-image-size' && !res.headersSent && /^\d+$/.test(String(value))) {
      res.setHeader('Content-Length', String(value));
    }
  };
  const append = res.appendHeader.bind(res);
  res.appendHeader = (name, value) => {
    mirror(name, value);
    return append(name, value);
  };
  const set = res.setHeader.bind(res);
  res.setHeader = (name, value) => {
    mirror(name, value);
    return set(name, value);
  };
}

/** `npm start`: the production build served by Next.js in this process. */
async function serveProduction(env: NodeJS.ProcessEnv, config: AppConfig, port: number, closeCloud: (() => Promise<void>) | null) {
  Object.assign(process.env, env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: process.cwd(), port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    if (IMAGE_FILE.test(req.url ?? '')) keepImageLength(res);
    // Next keeps a client-sent X-Forwarded-For and fills it from the socket only when absent;
    // the sign-in throttle counts per address, so without a trusted proxy the socket decides.
    if (!config.trustProxy) delete req.headers['x-forwarded-for'];
    void handle(req, res);
  });
  // 127.0.0.1 unless HOST says otherwise (HOST=0.0.0.0 in a container).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, resolve);
  });
  const address = server.address();
  const url = address && typeof address === 'object' ? listenUrl(address.address, address.port) : `http://${config.host}:${port}`;
  console.log(`✓ Ready on ${url}${config.isLocalCloud && isLoopbackHost(config.host) ? ' — sign in as demo / demo' : ''}`);
  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await closeCloud?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
