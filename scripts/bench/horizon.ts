// `npm run bench:horizon` (root, Debian 12, with the Zed cloud of scripts/zed-cloud/up running):
// Horizon 23 and Snapdeck side by side on the same cloud, the same servers and the same browser.
//   1. scripts/horizon/install: Debian's openstack-dashboard served by uwsgi on 127.0.0.1:8080.
//   2. A production build of the working tree in its own dist dir, made current by
//      scripts/build-if-stale.ts, served by scripts/serve.ts against Zed's Keystone.
//   3. Project demo holds exactly 20 servers (fake driver), then exactly 200; for each, in one
//      Chromium, median of --runs navigations after a warm-up, interleaved round by round:
//      Horizon /project/instances/ and Snapdeck /instances until 20 rows are drawn, the minimal
//      static page until its h1 (the browser's floor), each arriving from a page of another
//      site, and the page's upstream chain straight against Nova and Glance (list, then the
//      look-up of that page's images).
//   4. Deletes the servers it created, resets the quota it raised, prints the table.
// Exits 1 when a target is missed, 2 when it could not measure. Horizon keeps running
// (scripts/horizon/down stops it); so does the Zed cloud.
//
//   npm run bench:horizon -- [--runs 7] [--sizes 20,200] [--keep-servers] [--dist-dir .next-horizon-bench]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext } from '@playwright/test';
import { z } from 'zod';
import type { Connection } from '../../lib/openstack/client';
import { listServers } from '../../lib/openstack/compute/servers';
import { bootImageIds } from '../../lib/instances/instance-view';
import { flavorsIfNeeded, imagesByIds } from '../../lib/instances/lookups';
import { launchBrowser, median, signInToSnapdeck, startMinimalPageServer, timeNavigation, type DrawnWhen } from './browser';
import { signInToHorizon } from '../horizon/horizon-browser';
import { connect, deleteOurServers, ensureQuota, ensureServers, resetQuota, type ZedLogin } from '../horizon/seed';
import { buildIfStale, startSnapdeck, type RunningSnapdeck } from '../horizon/snapdeck';

const ROOT = process.cwd();
/** Rows both dashboards draw: their default page size. */
const ROWS = 20;
const TARGET = { vsLimit: 1.5, vsHorizon: 8 };

const { values: raw } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    sizes: { type: 'string', default: '20,200' },
    'keep-servers': { type: 'boolean', default: false },
    'dist-dir': { type: 'string', default: process.env.SNAPDECK_DIST_DIR || '.next-horizon-bench' },
  },
  strict: true,
});
const parsed = z.object({
  runs: z.coerce.number().int().min(1).max(51),
  sizes: z.string().transform((v) => v.split(',').map((n) => Number(n.trim()))).pipe(z.array(z.number().int().min(20).max(500)).min(1)),
  'keep-servers': z.boolean(),
  'dist-dir': z.string().regex(/^\.next[\w.-]*$/, 'the build folder is .next or .next-<name>, in this directory'),
}).safeParse(raw);
if (!parsed.success) {
  console.error(`bench:horizon: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const opts = parsed.data;

const AUTH_URL = process.env.SNAPDECK_ZED_AUTH_URL ?? 'http://127.0.0.1:5000/v3';
const HORIZON_PORT = z.coerce.number().int().min(1).max(65_535).parse(process.env.HORIZON_PORT || '8080');
const HORIZON_URL = `http://127.0.0.1:${HORIZON_PORT}`;
const DEMO: ZedLogin = { authUrl: AUTH_URL, username: 'demo', password: 'demo', project: 'demo' };
const ADMIN: ZedLogin = { authUrl: AUTH_URL, username: 'admin', password: 'admin', project: 'admin' };

/** What "drawn" means on each page. Snapdeck: rows of the Instances table, each with its name
 * linking to the instance (a snapshot's progress row under an instance has no such link).
 * Horizon: rows of its instances table (DataTable rows carry data-object-id; its "No items"
 * row does not). */
const DRAWN = {
  snapdeck: { selector: 'table tbody tr:has(> td a[href^="/instances/"])', count: ROWS },
  horizon: { selector: 'table#instances tbody tr[data-object-id]', count: ROWS },
  floor: { selector: 'h1', count: 1 },
} satisfies Record<string, DrawnWhen>;

type Series = 'horizon' | 'snapdeck' | 'floor' | 'upstream';
interface SizeResult {
  servers: number;
  runs: Record<Series, number[]>;
  /** Navigation → last byte of the HTML, per dashboard (where the time goes). */
  documentMs: { horizon: number[]; snapdeck: number[] };
}

const ms = (x: number) => `${Math.round(x)} ms`;
const times = (x: number) => `${x.toFixed(2)}×`;
const phases: [string, number][] = [];
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    phases.push([name, (performance.now() - t0) / 1000]);
  }
}

/** The first page's upstream chain, as GET /api/servers and the Instances page make it
 * (lib/instances/servers-page.ts): one Nova list of 20, then the Glance `id=in:` look-up of that
 * page's boot images (flavors are embedded from compute 2.47: flavorsIfNeeded makes no call). */
async function upstreamChain(conn: Connection): Promise<void> {
  const page = await listServers(conn, { limit: ROWS, sortKey: 'created_at', sortDir: 'desc' });
  if (page.servers.length !== ROWS) throw new Error(`Nova listed ${page.servers.length} servers, not ${ROWS}`);
  await Promise.all([imagesByIds(conn, bootImageIds(page.servers)), flavorsIfNeeded(conn)]);
}

/** Loads `url` once and checks the selector finds exactly the page's rows: a selector that
 * also matched something else would stop the clock early. */
async function checkRows(context: BrowserContext, name: string, url: string, drawn: DrawnWhen): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: 60_000 });
    await page.waitForFunction(({ selector, count }) => document.querySelectorAll(selector).length >= count, drawn, { timeout: 60_000 }).catch(async (err: unknown) => {
      const n = await page.locator(drawn.selector).count().catch(() => NaN);
      throw new Error(`${name}: ${url} (now ${page.url()}) showed ${n} rows matching ${drawn.selector} after 60 s: ${err instanceof Error ? err.message : String(err)}`);
    });
    const n = await page.locator(drawn.selector).count();
    if (n !== drawn.count) throw new Error(`${name}: ${url} shows ${n} rows matching ${drawn.selector}, not ${drawn.count}`);
  } finally {
    await page.close();
  }
}

/** Every navigation starts from a page of another site (`from`), as a user arrives: each of
 * the three pages then gets a renderer of its own (startMinimalPageServer says why not a blank tab). */
async function measure(browser: Browser, conn: Connection & { projectId: string }, snapdeck: RunningSnapdeck, floorUrl: string, from: string, servers: number): Promise<SizeResult> {
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [floorCtx, snapCtx, horizonCtx] = contexts;
  try {
    await signInToSnapdeck(snapCtx!, snapdeck.url, { username: DEMO.username, password: DEMO.password, project: DEMO.project });
    await signInToHorizon(horizonCtx!, HORIZON_URL, { username: DEMO.username, password: DEMO.password, projectId: conn.projectId });
    const targets = [
      { series: 'horizon' as const, ctx: horizonCtx!, url: `${HORIZON_URL}/project/instances/`, drawn: DRAWN.horizon },
      { series: 'snapdeck' as const, ctx: snapCtx!, url: `${snapdeck.url}/instances`, drawn: DRAWN.snapdeck },
      { series: 'floor' as const, ctx: floorCtx!, url: floorUrl, drawn: DRAWN.floor },
    ];
    // The check doubles as the first warm-up; then one untimed navigation each, as timed.
    await checkRows(horizonCtx!, 'Horizon', targets[0]!.url, DRAWN.horizon);
    await checkRows(snapCtx!, 'Snapdeck', targets[1]!.url, DRAWN.snapdeck);
    for (const t of targets) {
      await timeNavigation(t.ctx, t.url, t.drawn, { from }, 60_000).catch((err: unknown) => {
        throw new Error(`${t.series}, warm-up, ${t.url}: ${err instanceof Error ? err.message : String(err)}`);
      });
    }
    await upstreamChain(conn);

    const result: SizeResult = { servers, runs: { horizon: [], snapdeck: [], floor: [], upstream: [] }, documentMs: { horizon: [], snapdeck: [] } };
    // Round by round, the order turning: a burst of load on this shared machine then falls on
    // every series alike, not on whichever was measured during it.
    for (let r = 0; r < opts.runs; r++) {
      for (let i = 0; i < targets.length; i++) {
        const t = targets[(i + r) % targets.length]!;
        const timing = await timeNavigation(t.ctx, t.url, t.drawn, { from }, 60_000).catch((err: unknown) => {
          throw new Error(`${t.series}, run ${r + 1}, ${t.url}: ${err instanceof Error ? err.message : String(err)}`);
        });
        result.runs[t.series].push(timing.drawnMs);
        if (t.series !== 'floor') result.documentMs[t.series].push(timing.documentMs);
      }
      const t0 = performance.now();
      await upstreamChain(conn);
      result.runs.upstream.push(performance.now() - t0);
    }
    return result;
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

interface Row {
  servers: number;
  horizon: number;
  snapdeck: number;
  floor: number;
  upstream: number;
  limit: number;
  vsLimit: number;
  vsHorizon: number;
}

function summarise(r: SizeResult): Row {
  const horizon = median(r.runs.horizon);
  const snapdeck = median(r.runs.snapdeck);
  const floor = median(r.runs.floor);
  const upstream = median(r.runs.upstream);
  const limit = floor + upstream;
  return { servers: r.servers, horizon, snapdeck, floor, upstream, limit, vsLimit: snapdeck / limit, vsHorizon: horizon / snapdeck };
}

function printRuns(r: SizeResult) {
  console.log(`Every run with ${r.servers} servers (ms; navigation start → the first painted frame with ${ROWS} rows, or the h1; upstream: Nova list, then Glance look-up):`);
  for (const series of ['horizon', 'snapdeck', 'floor', 'upstream'] as const) {
    console.log(`  ${series.padEnd(9)} ${r.runs[series].map((x) => String(Math.round(x)).padStart(5)).join(' ')}   median ${ms(median(r.runs[series]))}`);
  }
  console.log(`  the HTML's last byte (median): Horizon ${ms(median(r.documentMs.horizon))}, Snapdeck ${ms(median(r.documentMs.snapdeck))}`);
}

function printTable(rows: Row[]): boolean {
  const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`\n| servers in demo | Horizon | Snapdeck | limit (floor + upstream) | Snapdeck / limit (target ≤ ${TARGET.vsLimit}×) | Horizon / Snapdeck (target ≥ ${TARGET.vsHorizon}×) |`);
  console.log('|---:|---:|---:|---:|---:|---:|');
  let ok = true;
  for (const r of rows) {
    const limitOk = r.vsLimit <= TARGET.vsLimit;
    const horizonOk = r.vsHorizon >= TARGET.vsHorizon;
    ok &&= limitOk && horizonOk;
    console.log(`| ${r.servers} | ${ms(r.horizon)} | ${ms(r.snapdeck)} | ${ms(r.limit)} (${ms(r.floor)} + ${ms(r.upstream)}) | ${times(r.vsLimit)} ${mark(limitOk)} | ${times(r.vsHorizon)} ${mark(horizonOk)} |`);
  }
  return ok;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8' }).trim();
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<number> {
  const started = performance.now();
  if (process.getuid?.() !== 0) {
    console.error('bench:horizon: run as root: it installs Debian\'s openstack-dashboard and serves it as www-data (scripts/horizon/install)');
    return 2;
  }
  console.log(`bench:horizon — ${new Date().toISOString()}, ${os.cpus().length} CPUs, node ${process.version}, load ${load()}`);

  await phase('Horizon install/start', async () => {
    execFileSync('bash', [path.join(ROOT, 'scripts/horizon/install')], { stdio: 'inherit', env: { ...process.env, HORIZON_PORT: String(HORIZON_PORT) } });
  });
  const horizonVersion = sh('dpkg-query', ['-W', '-f=${Version}', 'openstack-dashboard']);
  const build = await phase('Snapdeck build', () => buildIfStale(opts['dist-dir'])).catch((err: unknown) => {
    console.error(`bench:horizon: ${err instanceof Error ? err.message : String(err)}: the working tree does not build`);
    return null;
  });
  if (!build) return 2;
  const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
  const commit = sh('git', ['rev-parse', '--short', 'HEAD']);

  // A fresh token per phase: seeding 200 servers can take longer than a Keystone token lives (1 h)
  const demo = () => connect(DEMO);
  const conn = await demo();
  let snapdeck: RunningSnapdeck | null = null;
  let browser: Browser | null = null;
  let quotaRaised = false;
  const floor = await startMinimalPageServer();
  const onSignal = () => {
    void (snapdeck?.stop() ?? Promise.resolve()).finally(() => {
      console.error(`\nbench:horizon: interrupted; the bench's servers and quota stay in project demo (the next run reuses, deletes and resets them)`);
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  /** Snapdeck is started for each measurement and stopped after it: it never waits through a
   * seeding. When its server is ended from outside during a measurement (on this shared machine
   * something sent it SIGTERM twice), that measurement is made again once with a new server. */
  const measureOnFreshSnapdeck = async (servers: number): Promise<SizeResult> => {
    for (let attempt = 1; ; attempt++) {
      const app = await startSnapdeck(opts['dist-dir'], AUTH_URL);
      snapdeck = app;
      try {
        return await measure(browser!, await demo(), app, floor.url, floor.otherSiteUrl, servers);
      } catch (err) {
        const exited = app.output().split('\n').filter(Boolean).at(-1);
        if (attempt < 2 && !app.alive()) {
          console.log(`  Snapdeck's server ended during the measurement (${exited}; the measurement then failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}); measuring ${servers} again with a new one`);
          continue;
        }
        console.error(`--- Snapdeck's output (last lines) ---\n${app.output().split('\n').slice(-30).join('\n')}`);
        throw err;
      } finally {
        await app.stop();
        snapdeck = null;
      }
    }
  };

  const results: SizeResult[] = [];
  let failed = false;
  try {
    browser = await launchBrowser();
    console.log(`Horizon ${horizonVersion} on ${HORIZON_URL}; Snapdeck ${commit}${dirty ? ' + uncommitted changes' : ''} (build in ${opts['dist-dir']} made current in ${build.seconds.toFixed(0)} s); Chromium ${browser.version()}; Zed ${AUTH_URL}, compute ${conn.computeMicroversion}`);
    quotaRaised = await ensureQuota(await connect(ADMIN), conn.projectId, Math.max(...opts.sizes));
    for (const servers of opts.sizes) {
      const seeded = await phase(`seed ${servers} servers`, async () => ensureServers(await demo(), servers));
      console.log(`project demo: ${servers} servers, all ACTIVE (${seeded.created} created, ${seeded.deleted} deleted${seeded.others ? `, ${seeded.others} not the bench's` : ''}) in ${seeded.seconds.toFixed(0)} s`);
      const result = await phase(`measure ${servers}`, () => measureOnFreshSnapdeck(servers));
      results.push(result);
      printRuns(result);
      console.log(`  (load ${load()})`);
    }
  } catch (err) {
    failed = true;
    console.error(`\nbench:horizon: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await browser?.close();
    await floor.close();
    await phase('clean-up', async () => {
      if (opts['keep-servers']) {
        console.log('servers: kept in project demo (--keep-servers)');
      } else {
        console.log(`servers: deleted the bench's ${await deleteOurServers(await demo())} servers`);
      }
      // with the servers kept, so is the quota they need
      if (quotaRaised && !opts['keep-servers']) await resetQuota(await connect(ADMIN), conn.projectId);
    }).catch((err: unknown) => {
      failed = true;
      console.error(`bench:horizon: clean-up failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  if (failed || results.length !== opts.sizes.length) return 2;

  const ok = printTable(results.map(summarise));
  console.log(`\nphases: ${phases.map(([n, s]) => `${n} ${s.toFixed(0)} s`).join(', ')}; total ${((performance.now() - started) / 1000).toFixed(0)} s; load ${load()}`);
  if (!ok) console.error('bench:horizon: a target is missed');
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(2);
});
