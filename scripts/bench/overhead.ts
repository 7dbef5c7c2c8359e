// The route-handler overhead figure of `npm run bench`: what GET /api/servers costs in the
// app itself, i.e. its wall time minus the upstream calls it waits for, as the local cloud's
// request log timed them. Target (issue 12): ≤ 5 ms p50.
import { apiQueryOfView, type InstancesView } from '../../lib/instances/list-query';

export interface OverheadFigures {
  /** Median overhead, ms. */
  p50: number;
  /** 95th percentile overhead, ms. */
  p95: number;
  /** Measured requests (after the warm-up). */
  samples: number;
  /** Median wall time of the request as the client saw it, ms. */
  wallP50: number;
  /** Median of the upstream critical path subtracted, ms. */
  upstreamP50: number;
  /** What any answer of this server costs, for comparison (median wall time, ms): a public
   * file (Next.js's routing, the proxy and its headers, no route handler), and GET
   * /api/servers without a cookie (the pipeline up to its 401: no session, no upstream call). */
  floors: { publicFile: number; signedOut: number };
}

interface LogEntry {
  seq: number;
  method: string;
  path: string;
  ms: number;
  service: string;
}

const WARM_UP = 10;
/** The Instances page's default view with 50 rows (`/instances?limit=50`). */
const FIFTY_ROWS: InstancesView = { name: '', status: '', sort: 'created', dir: 'desc', limit: 50, highlight: [] };

/** The request log after `since` (and its last sequence number); `since` undefined: none,
 * only the last sequence number. */
async function requestLog(cloudUrl: string, since: number | undefined): Promise<{ requests: LogEntry[]; lastSeq: number }> {
  const q = since === undefined ? 'path=/__bench-matches-nothing__' : `since=${since}`;
  const res = await fetch(`${cloudUrl}/__admin/requests?${q}`);
  if (!res.ok) throw new Error(`GET /__admin/requests answered ${res.status}`);
  return (await res.json()) as { requests: LogEntry[]; lastSeq: number };
}

/**
 * The upstream time one GET /api/servers waits for: its critical path through the calls the
 * local cloud logged for it. lib/instances/servers-page.ts makes them in two steps:
 *   1. Nova's server list, alone (everything after depends on its answer);
 *   2. then, in parallel: Glance's lookup of the page's boot images (one `id=in:` list, a
 *      second one only for hidden images, the two one after the other) and Nova's flavors
 *      (only before compute 2.47, and cached per session).
 * So upstream = Σ Nova calls other than flavors + max(Σ Glance calls, Σ flavor calls).
 * Any other call (identity, network …) is counted as sequential too: it only lowers the
 * overhead if it is really in parallel, which makes the figure err on the flattering side
 * by at most that call, and none is expected. The log's `ms` is the time in the cloud's
 * handler (from its first middleware to the answer built), so the app's overhead includes
 * what the app spends sending each request and reading each answer, and also the loopback
 * round trip and the cloud's own HTTP layer around its handler, which its log does not time:
 * about 0.5 ms a call on this machine (a plain node:http client against the same cloud).
 */
export function upstreamCriticalPath(calls: readonly Pick<LogEntry, 'path' | 'ms' | 'service'>[]): number {
  const sum = (xs: readonly { ms: number }[]) => xs.reduce((a, c) => a + c.ms, 0);
  const isFlavors = (c: { path: string }) => /\/flavors(?:\/|$)/.test(c.path);
  const nova = calls.filter((c) => c.service === 'compute' && !isFlavors(c));
  const flavors = calls.filter((c) => c.service === 'compute' && isFlavors(c));
  const glance = calls.filter((c) => c.service === 'image');
  const other = calls.filter((c) => c.service !== 'compute' && c.service !== 'image');
  return sum(nova) + Math.max(sum(glance), sum(flavors)) + sum(other);
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * GET {appUrl}/api/servers with the query the Instances page sends for 50 rows, signed in
 * with `cookie` (`name=value`), `runs` times one after the other (default 100) after a
 * warm-up of 10. Nothing else may call the local cloud at `cloudUrl` meanwhile: each
 * request's upstream calls are read from its request log.
 */
export async function measureRouteOverhead(o: { appUrl: string; cookie: string; cloudUrl: string; runs?: number }): Promise<OverheadFigures> {
  const runs = o.runs ?? 100;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive whole number, not ${runs}`);
  const cloudUrl = o.cloudUrl.replace(/\/+$/, '');
  const url = `${o.appUrl.replace(/\/+$/, '')}/api/servers?${apiQueryOfView(FIFTY_ROWS, undefined)}`;

  const overheads: number[] = [];
  const walls: number[] = [];
  const upstreams: number[] = [];
  let seq = (await requestLog(cloudUrl, undefined)).lastSeq;
  for (let i = 0; i < WARM_UP + runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Cookie: o.cookie } });
    const body = await res.arrayBuffer();
    const wall = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
    const log = await requestLog(cloudUrl, seq);
    seq = log.lastSeq;
    if (!log.requests.some((r) => r.service === 'compute')) throw new Error(`GET ${url} made no Nova call: is ${cloudUrl} the app's cloud?`);
    if (i < WARM_UP) continue;
    const upstream = upstreamCriticalPath(log.requests);
    walls.push(wall);
    upstreams.push(upstream);
    overheads.push(wall - upstream);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const s = sorted(overheads);
  const wallOf = async (path: string, status: number) => {
    const xs: number[] = [];
    for (let i = 0; i < WARM_UP + runs; i++) {
      const t0 = performance.now();
      const res = await fetch(`${o.appUrl.replace(/\/+$/, '')}${path}`);
      await res.arrayBuffer();
      if (res.status !== status) throw new Error(`GET ${path} answered ${res.status}, not ${status}`);
      if (i >= WARM_UP) xs.push(performance.now() - t0);
    }
    return round2(percentile(sorted(xs), 0.5));
  };
  const floors = { publicFile: await wallOf('/fsfreeze-hook-example.sh', 200), signedOut: await wallOf('/api/servers', 401) };
  return {
    p50: round2(percentile(s, 0.5)),
    p95: round2(percentile(s, 0.95)),
    samples: s.length,
    wallP50: round2(percentile(sorted(walls), 0.5)),
    upstreamP50: round2(percentile(sorted(upstreams), 0.5)),
    floors,
  };
}
