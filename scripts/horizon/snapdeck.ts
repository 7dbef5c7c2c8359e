// Snapdeck for `npm run bench:horizon`: a production build of the working tree in its own
// folder, rebuilt only when it is not current, served by scripts/serve.ts against the Zed cloud
// (a real cloud: serve.ts starts no local cloud).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = process.cwd();
const LOOPBACK = '127.0.0.1';

/** Makes the build in `distDir` current with scripts/build-if-stale.ts, as `npm start` and
 * `npm run bench` do: `next build` only when what the build read has changed since. */
export async function buildIfStale(distDir: string): Promise<{ seconds: number }> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/build-if-stale.ts')], {
      env: { ...process.env, SNAPDECK_DIST_DIR: distDir }, stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`scripts/build-if-stale.ts failed (${signal ?? code})`))));
  });
  return { seconds: (performance.now() - t0) / 1000 };
}

/** A port nobody listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningSnapdeck {
  url: string;
  /** The server's last output, and how it ended if it did, for a failure report. */
  output: () => string;
  /** False once the server has exited (stopped here, or ended by a signal from elsewhere). */
  alive: () => boolean;
  stop: () => Promise<void>;
}

/** `scripts/serve.ts start` on a free port, pointed at `authUrl`; resolves once /login answers. */
export async function startSnapdeck(distDir: string, authUrl: string): Promise<RunningSnapdeck> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port), HOST: LOOPBACK, SNAPDECK_DIST_DIR: distDir, SNAPDECK_AUTH_URL: authUrl,
    OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'public', SNAPDECK_CLOUD_NAME: 'Zed on loopback',
    SNAPDECK_SESSION_PASSWORDS: randomBytes(32).toString('base64url'),
  };
  // Only this cloud: nothing of the caller's shell (an openrc, OS_CLOUD) may redirect it.
  for (const k of ['OS_AUTH_URL', 'OS_CLOUD', 'OS_USERNAME', 'OS_PROJECT_NAME', 'OS_PASSWORD', 'LOCALCLOUD_PORT', 'LOCALCLOUD_STATE']) delete env[k];
  // Node runs serve.ts itself (tsx as a loader), in its own process group, so the pid is the
  // server and the stop reaches anything it starts.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/serve.ts'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, sig) => {
    gone = true;
    out += `\n[Snapdeck's server exited: ${sig ? `signal ${sig}` : `code ${code}`}]`;
    resolve();
  }));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (gone) return;
    signal('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      signal('SIGKILL');
      await exited;
    }
  };
  const url = `http://${LOOPBACK}:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gone) throw new Error(`Snapdeck exited before answering:\n${out.split('\n').slice(-30).join('\n')}`);
    const ok = await fetch(`${url}/login`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Snapdeck did not answer ${url}/login within 120 s:\n${out.split('\n').slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => out, alive: () => !gone, stop };
}
