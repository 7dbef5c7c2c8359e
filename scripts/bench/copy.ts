// Copy to region's data path measured (issue 15): 1 GiB streamed from RegionOne's Glance into
// RegionTwo's by lib/images/copy-stream.ts, in this process, against a local cloud with two
// regions running in a process of its own (so its memory is not counted). Prints throughput
// and this process's RSS growth during the copy (target < 100 MiB); exits 1 past it.
// Run: npx tsx scripts/bench/copy.ts   (BENCH_COPY_MIB changes the size)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { streamImageData } from '../../lib/images/copy-stream';
import { imageEndpointFor } from '../../lib/openstack/identity/catalog';
import { createImage, getImage, uploadImageData } from '../../lib/openstack/image/images';
import { connect } from '../../lib/openstack/testing/connect';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_COPY_MIB ?? 1024) * MiB;
const RSS_TARGET_MIB = 100;

async function main() {
  const scratch = await mkdtemp(path.join(tmpdir(), 'snapdeck-bench-copy-'));
  const cloud = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('lib/localcloud/cli.ts'), '--port', '0', '--regions', 'RegionOne,RegionTwo', '--quiet'], { cwd: scratch, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      cloud.stdout.on('data', (d) => {
        out += String(d);
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      cloud.once('exit', () => reject(new Error(`the local cloud stopped: ${out}`)));
    });
    const login = await connect({ authUrl: `${url}/identity`, username: 'demo', password: 'demo', projectName: 'demo' });
    const one = login.conn;
    const image = imageEndpointFor(login.token.catalog, { region: 'RegionTwo', interface: 'public' });
    if (!image) throw new Error('no RegionTwo image endpoint');
    const two = { ...one, endpoints: { ...one.endpoints, image } };

    // The source: SIZE bytes of a repeated random-looking MiB, uploaded as a stream.
    const block = new Uint8Array(MiB).map((_, i) => (i * 2654435761) >>> 24);
    let sent = 0;
    const data = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= SIZE) return c.close();
        sent += MiB;
        c.enqueue(block.slice());
      },
    });
    const source = await createImage(one, { name: 'bench 1 GiB', diskFormat: 'raw', containerFormat: 'bare' });
    await uploadImageData(one, source.id, data, SIZE, { timeoutMs: 3_600_000 });
    const made = await getImage(one, source.id);
    const target = await createImage(two, { name: 'bench copy', diskFormat: 'raw', containerFormat: 'bare' });

    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    const result = await streamImageData(one, source.id, two, target.id, { hashAlgo: made.hashAlgo ?? 'sha512', signal: new AbortController().signal, onBytes: () => {} });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const copy = await getImage(two, target.id);

    const growth = (peak - before) / MiB;
    const hashOk = copy.hashValue === made.hashValue && result.hash === made.hashValue && copy.size === SIZE;
    console.log(`copy ${SIZE / MiB} MiB RegionOne → RegionTwo (stream): ${seconds.toFixed(1)} s, ${(SIZE / MiB / seconds).toFixed(0)} MiB/s`);
    console.log(`RSS of the copying process: ${(before / MiB).toFixed(0)} MiB before, peak ${(peak / MiB).toFixed(0)} MiB, growth ${growth.toFixed(1)} MiB (target < ${RSS_TARGET_MIB})`);
    console.log(`sha512 ${hashOk ? 'matches' : 'DOES NOT MATCH'} (${made.hashValue?.slice(0, 16)}…)`);
    process.exitCode = growth < RSS_TARGET_MIB && hashOk ? 0 : 1;
  } finally {
    cloud.kill('SIGTERM');
    await rm(scratch, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
