// `npm start` a second time with no source change: process spawn → `GET /login` answers 200,
// on the local cloud. The build is made current first (scripts/build-if-stale.ts, untimed),
// so the timed start is the one a person gets when they start Snapdeck again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
/** What scripts/build-if-stale.ts prints when it decides to build. */
const BUILDING = /snapdeck: (building into|cannot tell)/;

export interface SecondStartOptions {
  /** The dashboard's port (PORT). */
  port: number;
  /** The local cloud's port (LOCALCLOUD_PORT); a free one when not given. */
  cloudPort?: number;
  /** How long the timed start may take before it counts as failed. */
  timeoutMs?: number;
}

export async function measureSecondStart(opts: SecondStartOptions): Promise<{ ms: number }> {
  if (await answers(opts.port)) throw new Error(`measureSecondStart: something already listens on port ${opts.port}`);
  const env = { ...process.env, PORT: String(opts.port), LOCALCLOUD_PORT: String(opts.cloudPort ?? (await freePort())) };

  // The first start's build step, so the timed start finds the build current; its output
  // goes to stderr, away from the table the benchmark prints.
  const prime = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-if-stale.ts'], { cwd: root, env, stdio: ['ignore', 2, 2] });
  const primed = await exited(prime);
  if (primed !== 0) throw new Error(`measureSecondStart: the build failed (exit ${primed})`);

  const started = performance.now();
  // Its own process group, so the whole tree (npm, sh, tsx, node) stops together.
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  let exitedEarly = false;
  child.once('exit', () => (exitedEarly = true));
  try {
    const deadline = started + (opts.timeoutMs ?? 60_000);
    for (;;) {
      if (BUILDING.test(output)) throw new Error(`measureSecondStart: npm start rebuilt (a file changed after the first start?):\n${tail(output)}`);
      if (exitedEarly) throw new Error(`measureSecondStart: npm start exited before serving:\n${tail(output)}`);
      if ((await statusOf(`http://127.0.0.1:${opts.port}/login`)) === 200) return { ms: Math.round(performance.now() - started) };
      if (performance.now() > deadline) throw new Error(`measureSecondStart: no 200 from /login within ${opts.timeoutMs ?? 60_000} ms:\n${tail(output)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await stopTree(child, opts.port);
  }
}

const tail = (s: string) => s.split('\n').slice(-15).join('\n');

async function statusOf(url: string): Promise<number | null> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

/** The exit code (1 when a signal ended it), at once when the process has already gone. */
function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/** SIGTERM to the process group (scripts/serve.ts closes the app and the local cloud on it),
 * SIGKILL to what is left after 10 s; returns once no process of the group is left. */
async function stopTree(child: ChildProcess, port: number): Promise<void> {
  const group = -child.pid!;
  const signal = (s: NodeJS.Signals | 0) => {
    try {
      process.kill(group, s);
      return true;
    } catch {
      return false; // ESRCH: no process left in the group
    }
  };
  signal('SIGTERM');
  // A process that has exited but is not yet reaped still counts, hence the bound after SIGKILL.
  const killAt = performance.now() + 10_000;
  while (signal(0) && performance.now() < killAt + 5_000) {
    if (performance.now() > killAt) signal('SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
  await exited(child);
  if (await answers(port)) throw new Error(`measureSecondStart: port ${port} still answers after npm start stopped`);
}

/** Whether anything accepts a connection on 127.0.0.1:port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
