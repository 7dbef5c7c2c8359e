// Snapdeck for `npm run bench:horizon`: a production build of the current working tree in its
// own folder, rebuilt only when the build's inputs changed, served by scripts/serve.ts against
// the Zed cloud (a real cloud: serve.ts starts no local cloud).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = process.cwd();
const LOOPBACK = '127.0.0.1';
const STAMP = '.bench-horizon-sources';

/**
 * A hash of what `next build` reads: every file git does not ignore (Tailwind v4 scans them all
 * for class names, the type check reads every .ts), the installed packages and Node's version.
 * The build is current when it was made from exactly this. Taken before the build starts, so
 * an edit made while it runs makes the next run build again.
 */
export function sourcesHash(): string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .toString().split('\0').filter(Boolean).sort();
  const hash = createHash('sha256').update(`node ${process.version}\0`);
  for (const f of [...files, 'node_modules/.package-lock.json', 'node_modules/next/package.json']) {
    const p = path.join(ROOT, f);
    // a tracked file deleted in the working tree is listed by --cached but has no content
    hash.update(`${f}\0${existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'deleted'}\0`);
  }
  return hash.digest('hex');
}

export async function buildIfStale(distDir: string): Promise<{ built: boolean; seconds: number }> {
  const stampFile = path.join(ROOT, distDir, STAMP);
  const hash = sourcesHash();
  if (existsSync(path.join(ROOT, distDir, 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    console.log(`snapdeck: ${distDir} was built from the current working tree, reused`);
    return { built: false, seconds: 0 };
  }
  console.log(`snapdeck: next build into ${distDir} (the working tree changed since its last build, or there is none)`);
  const t0 = performance.now();
  rmSync(stampFile, { force: true });
  const tsconfig = path.join(ROOT, 'tsconfig.json');
  const before = readFileSync(tsconfig, 'utf8');
  try {
    await run(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { ...process.env, SNAPDECK_DIST_DIR: distDir, NODE_ENV: 'production' });
  } finally {
    dropDistDirTypes(tsconfig, before, distDir);
  }
  writeFileSync(stampFile, hash);
  return { built: true, seconds: (performance.now() - t0) / 1000 };
}

/** `next build` with a dist dir other than .next adds `<distDir>/types/**\/*.ts` and
 * `<distDir>/dev/types/**\/*.ts` to tsconfig.json's include: take out those two entries (when
 * they were not there before), and nothing else, so the checkout is left as it was. */
function dropDistDirTypes(tsconfig: string, before: string, distDir: string): void {
  const after = readFileSync(tsconfig, 'utf8');
  if (after === before) return;
  const ours = [`${distDir}/types/**/*.ts`, `${distDir}/dev/types/**/*.ts`];
  try {
    const had = new Set<string>(JSON.parse(before).include ?? []);
    const config = JSON.parse(after);
    if (!Array.isArray(config.include)) return;
    const include = config.include.filter((p: unknown) => !(typeof p === 'string' && ours.includes(p) && !had.has(p)));
    if (include.length === config.include.length) return;
    // Next writes tsconfig.json as JSON.stringify(…, null, 2): the same form back
    writeFileSync(tsconfig, `${JSON.stringify({ ...config, include }, null, 2)}${after.endsWith('\n') ? '\n' : ''}`);
  } catch {
    console.warn('snapdeck: tsconfig.json is not plain JSON after the build; left as it is');
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`next build failed (${signal ?? code})`))));
  });
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
