// The download figure of `npm run bench`: one large image read straight from Glance, then
// through the app's GET /api/images/{id}/file, bytes read and dropped; the app's RSS is
// sampled during its download. Target (issue 12): the app ≥ 80 % of the direct
// throughput, RSS growth < 100 MB.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

const MiB = 1024 * 1024;
/** RSS is sampled this often during the app's download. */
const SAMPLE_MS = 10;
const WARM_UP_BYTES = 16 * MiB;

export interface DownloadFigures {
  /** MiB/s, request sent → last byte read, straight from Glance (best round). */
  directMiBs: number;
  /** MiB/s, the same through the app (best round). */
  appMiBs: number;
  /** appMiBs / directMiBs. */
  ratio: number;
  /** MiB/s through the plainest relay there is (best round): a node:http server in its own
   * process that pipes Glance's answer to its client. What any relay can reach here. */
  bareRelayMiBs: number;
  /** bareRelayMiBs / directMiBs. */
  bareRelayRatio: number;
  /** The app process's largest VmRSS during its downloads minus its VmRSS before them, MiB. */
  rssGrowthMiB: number;
}

/** VmRSS of a process, in bytes (Linux /proc). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]) * 1024;
}

// The reader runs in a worker thread: the caller may host the local cloud in its own event
// loop (npm run bench does), and a reader sharing that loop would slow the cloud it measures,
// the direct download more than the app's (which arrives in 1 MiB chunks, not Glance's 64 KiB).
const READER = `
const { parentPort, workerData: { url, headers } } = require('node:worker_threads');
(async () => {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  if (res.status !== 200 || !res.body) {
    parentPort.postMessage({ error: 'answered ' + res.status + ': ' + (await res.text()).slice(0, 300) });
    return;
  }
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  parentPort.postMessage({ bytes, seconds: (performance.now() - t0) / 1000, declared: res.headers.get('content-length') });
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }));
`;

/** Fetches url and reads its whole body (request sent → last byte), dropping the bytes;
 * fails on any status but 200 and on a body shorter or longer than its Content-Length. */
async function timedRead(url: string, headers: Record<string, string>, what: string): Promise<{ bytes: number; seconds: number }> {
  const worker = new Worker(READER, { eval: true, workerData: { url, headers } });
  try {
    const reply = await new Promise<{ error?: string; bytes?: number; seconds?: number; declared?: string | null }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`${what}: the reader exited (${code}) before it answered`)));
    });
    if (reply.error !== undefined) throw new Error(`${what}: GET ${url}: ${reply.error}`);
    const { bytes, seconds, declared } = reply as { bytes: number; seconds: number; declared: string | null };
    if (declared === null) throw new Error(`${what}: no Content-Length on the answer`);
    if (Number(declared) !== bytes) throw new Error(`${what}: read ${bytes} bytes of the ${declared} announced`);
    return { bytes, seconds };
  } finally {
    await worker.terminate();
  }
}

async function warmUp(url: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { headers: { ...headers, Range: `bytes=0-${WARM_UP_BYTES - 1}` } });
  const body = await res.arrayBuffer();
  if (res.status !== 206 || body.byteLength !== WARM_UP_BYTES) throw new Error(`warm-up: GET ${url} with a Range answered ${res.status} with ${body.byteLength} bytes`);
}

// The bare relay: its own process, as the app is; GET / answers Glance's image as it comes,
// with node's own pipe (64 KiB reads, writes with backpressure), nothing else.
const BARE_RELAY = `
const http = require('node:http');
const { UPSTREAM, TOKEN } = process.env;
const server = http.createServer((req, res) => {
  const up = http.get(UPSTREAM, { headers: { 'X-Auth-Token': TOKEN } }, (u) => {
    res.writeHead(u.statusCode, { 'content-length': u.headers['content-length'] });
    u.pipe(res);
  });
  up.on('error', () => res.destroy());
  res.on('close', () => up.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startBareRelay(upstream: string, token: string): Promise<{ url: string; close: () => void }> {
  const proc = spawn(process.execPath, ['-e', BARE_RELAY], { env: { ...process.env, UPSTREAM: upstream, TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(proc.stdout!, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${Number(String(line).trim())}/`, close: () => proc.kill() };
}

/** Samples a process's RSS every SAMPLE_MS until stopped; answers the largest seen. */
function sampleRss(pid: number): { stop(): Promise<number> } {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, await rssBytes(pid));
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return Math.max(max, await rssBytes(pid));
    },
  };
}

/**
 * The image `imageId` (bench-1gib of the bench seed, 1 GiB of synthetic bytes) read straight
 * from Glance (`glanceUrl` is the image endpoint of the catalog, e.g.
 * http://127.0.0.1:5480/image; `token` a Keystone token of its project) and through the app
 * at `appUrl`, signed in with `cookie` (`name=value`); `appPid` is the process that serves
 * the app; and through a bare relay (BARE_RELAY), for what any relay reaches on this machine.
 * `rounds` times each (default 2), alternating direct, bare relay and app, and the best of each
 * kept: on a shared machine a burst of other work in one read would otherwise decide the
 * ratio. The RSS growth is the largest VmRSS seen during any app read minus the VmRSS before
 * the first one.
 */
export async function measureDownload(o: {
  appUrl: string; cookie: string; appPid: number; glanceUrl: string; token: string; imageId: string; rounds?: number;
}): Promise<DownloadFigures> {
  const rounds = o.rounds ?? 2;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be a positive whole number, not ${rounds}`);
  const id = encodeURIComponent(o.imageId);
  const directUrl = `${o.glanceUrl.replace(/\/+$/, '')}/v2/images/${id}/file`;
  const appUrl = `${o.appUrl.replace(/\/+$/, '')}/api/images/${id}/file`;
  // Warm-up: the first 16 MiB both ways, so that neither figure pays for compiling its path.
  await warmUp(directUrl, { 'X-Auth-Token': o.token });
  await warmUp(appUrl, { Cookie: o.cookie });

  const bare = await startBareRelay(directUrl, o.token);
  let directMiBs = 0;
  let appMiBs = 0;
  let bareRelayMiBs = 0;
  let peak = 0;
  const before = await rssBytes(o.appPid);
  try {
    for (let round = 0; round < rounds; round++) {
      const direct = await timedRead(directUrl, { 'X-Auth-Token': o.token }, 'direct from Glance');
      const relayed = await timedRead(bare.url, {}, 'through a bare relay');
      bareRelayMiBs = Math.max(bareRelayMiBs, relayed.bytes / MiB / relayed.seconds);
      const sampler = sampleRss(o.appPid);
      const app = await timedRead(appUrl, { Cookie: o.cookie }, 'through the app')
        .catch(async (err: unknown) => {
          await sampler.stop();
          throw err;
        });
      peak = Math.max(peak, await sampler.stop());
      if (app.bytes !== direct.bytes) throw new Error(`through the app: ${app.bytes} bytes, straight from Glance ${direct.bytes}`);
      directMiBs = Math.max(directMiBs, direct.bytes / MiB / direct.seconds);
      appMiBs = Math.max(appMiBs, app.bytes / MiB / app.seconds);
    }
  } finally {
    bare.close();
  }
  return {
    directMiBs: round1(directMiBs),
    appMiBs: round1(appMiBs),
    ratio: Math.round((appMiBs / directMiBs) * 1000) / 1000,
    bareRelayMiBs: round1(bareRelayMiBs),
    bareRelayRatio: Math.round((bareRelayMiBs / directMiBs) * 1000) / 1000,
    rssGrowthMiB: round1(Math.max(0, peak - before) / MiB),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
