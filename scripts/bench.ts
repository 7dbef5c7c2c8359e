// `npm run bench`: speed and memory figures of the local cloud and of the client, printed
// as a table. Everything goes through lib/openstack, the client the app uses, over HTTP on
// loopback. Request loops are bounded in count and time.
import { startLocalCloud, type RunningLocalCloud } from '../lib/localcloud/server';
import type { Connection } from '../lib/openstack/client';
import { endpointsFor } from '../lib/openstack/identity/catalog';
import { issueToken } from '../lib/openstack/identity/tokens';
import { negotiateComputeMicroversion } from '../lib/openstack/compute/version';
import { listServers } from '../lib/openstack/compute/servers';
import { createImage as glanceCreate, downloadImage, listImages, uploadImageData } from '../lib/openstack/image/images';
import { syntheticChunks } from '../lib/localcloud/state/image-data';

const MiB = 1024 * 1024;
const rows: [string, string][] = [];
const record = (what: string, value: string) => {
  rows.push([what, value]);
  console.log(`${what.padEnd(58)} ${value}`);
};
const rssMiB = () => (process.memoryUsage().rss / MiB).toFixed(0);

async function connect(cloud: RunningLocalCloud): Promise<Connection> {
  const authUrl = `${cloud.url}/identity`;
  const token = await issueToken(authUrl, { username: 'demo', password: 'demo', userDomainName: 'Default', projectName: 'demo', projectDomainName: 'Default' });
  const endpoints = endpointsFor(token.catalog, { region: 'RegionOne', interface: 'public', authUrl });
  const computeMicroversion = await negotiateComputeMicroversion({ token: token.tokenId, computeUrl: endpoints.compute });
  return { token: token.tokenId, endpoints, computeMicroversion };
}

/** Runs `fn` with `concurrency` workers for at most `seconds` or `max` calls; calls/s. */
async function throughput(fn: () => Promise<unknown>, opts: { concurrency: number; seconds: number; max: number }) {
  const deadline = performance.now() + opts.seconds * 1000;
  let done = 0;
  const latencies: number[] = [];
  const worker = async () => {
    while (performance.now() < deadline && done < opts.max) {
      done++;
      const t = performance.now();
      await fn();
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  return { perSecond: (latencies.length / elapsed).toFixed(0), p50: pct(0.5), p95: pct(0.95), n: latencies.length };
}

async function main() {
  console.log(`Snapdeck benchmark — node ${process.version}, ${new Date().toISOString()}\n`);

  // 1. Start-up with the default seed.
  let t = performance.now();
  const small = await startLocalCloud({ port: 0 });
  record('local cloud start, default seed', `${(performance.now() - t).toFixed(0)} ms`);
  await small.close();

  // 2. Start-up and memory with 1,000 servers and 10,000 images.
  const before = process.memoryUsage().rss;
  t = performance.now();
  const cloud = await startLocalCloud({ port: 0, seed: { servers: 1000, images: 10000 }, timings: { snapshotPhaseMs: 50 } });
  record('local cloud start, 1,000 servers / 10,000 images', `${(performance.now() - t).toFixed(0)} ms`);
  global.gc?.();
  record('RSS with 1,000 / 10,000 seeded (whole process)', `${rssMiB()} MiB (+${((process.memoryUsage().rss - before) / MiB).toFixed(0)} MiB for the seed)`);

  const conn = await connect(cloud);
  record('negotiated compute microversion', conn.computeMicroversion);

  // 3. GET /servers/detail?limit=50 through the client.
  await listServers(conn, { limit: 50 });
  const servers = await throughput(() => listServers(conn, { limit: 50 }), { concurrency: 8, seconds: 5, max: 20000 });
  record('GET /servers/detail?limit=50 (8 concurrent, 5 s)', `${servers.perSecond} req/s, p50 ${servers.p50} ms, p95 ${servers.p95} ms`);

  // 4. Glance lists filtered on snapshot properties among 10,000 images.
  const snaps = await throughput(() => listImages(conn, { limit: 25, properties: { image_type: 'snapshot' } }), { concurrency: 8, seconds: 5, max: 20000 });
  record('GET /v2/images?image_type=snapshot&limit=25 (10k images)', `${snaps.perSecond} req/s, p50 ${snaps.p50} ms, p95 ${snaps.p95} ms`);
  const page = await listImages(conn, { limit: 20 });
  const ids = page.images.map((i) => i.id);
  const byIds = await throughput(() => listImages(conn, { ids, limit: 20 }), { concurrency: 8, seconds: 3, max: 20000 });
  record('GET /v2/images?id=in:<20 ids> (Instances page look-up)', `${byIds.perSecond} req/s, p50 ${byIds.p50} ms`);

  // 5. Streaming a 50 MiB image: memory must not grow with its size.
  const size = 50 * MiB;
  const img = await glanceCreate(conn, { name: 'bench-50mib', diskFormat: 'raw', containerFormat: 'bare' });
  await uploadImageData(conn, img.id, Buffer.concat([...syntheticChunks('bench', size)]));
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  t = performance.now();
  const dl = await downloadImage(conn, img.id);
  let received = 0;
  const reader = dl.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const secs = (performance.now() - t) / 1000;
  record('download 50 MiB through the client', `${(received / MiB / secs).toFixed(0)} MiB/s, RSS peak +${((peak - rssBefore) / MiB).toFixed(0)} MiB (cloud holds the upload in memory)`);

  await cloud.close();
  console.log('\nbench: done');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
