// Options of the local cloud, parsed once with zod: from startLocalCloud()'s argument or
// from the command line and environment (cli.ts). A bad option fails fast with a clear message.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { CloudContext } from './context';
import type { Timings } from './state/state';

export const DEFAULT_TIMINGS: Timings = {
  snapshotPhaseMs: 1500,
  buildMs: 3000,
  powerMs: 2000,
  tokenTtlSeconds: 3600,
};

const ms = z.number().int().min(0).max(3_600_000);
export const timingsSchema = z.strictObject({
  snapshotPhaseMs: ms,
  buildMs: ms,
  powerMs: ms,
  tokenTtlSeconds: z.number().int().min(1).max(30 * 86_400),
});

// 100k of each keeps a mistyped count from eating the machine's memory.
export const seedCountsSchema = z.strictObject({
  servers: z.number().int().min(0).max(100_000).optional(),
  images: z.number().int().min(0).max(100_000).optional(),
  /** How many of `images` are snapshots (default: every third). */
  snapshots: z.number().int().min(0).max(100_000).optional(),
  /** One more image, bench-1gib, of this many synthetic bytes (not held in memory). */
  largeImageBytes: z.number().int().min(1).max(64 * 1024 ** 3).optional(),
}).refine((c) => c.snapshots === undefined || c.snapshots <= (c.images ?? 0), { message: 'snapshots must not exceed images', path: ['snapshots'] });
export type SeedCounts = z.infer<typeof seedCountsSchema>;

const simpleName = (what: string) => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, `${what} is letters, digits, "-", "_" or "."`);
const regionName = simpleName('a region name');
// Nova takes wider zone names (printable, no ":"); a test cloud's are simple, and "," separates them on the command line.
const zoneName = simpleName('an availability zone name')
  // Nova's internal_service_availability_zone: its zone list leaves it out.
  .refine((name) => name !== 'internal', '"internal" is the zone of Nova\'s own services, which it never lists');

export const localCloudOptionsSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(0),
  /** Base URL advertised in the catalog; defaults to http://<host>:<port>. */
  publicUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional(),
  stateFile: z.string().min(1).optional(),
  reset: z.boolean().default(false),
  timings: timingsSchema.partial().default({}),
  seed: seedCountsSchema.default({}),
  regions: z.array(regionName).min(1).default(['RegionOne'])
    .refine((r) => new Set(r).size === r.length, 'regions must not repeat'),
  /** The zones Nova lists as available and accepts on a boot; the first is where a boot
   * without one lands (Nova's default zone, "nova"). Every region's Nova has them all. */
  availabilityZones: z.array(zoneName).min(1, 'name at least one availability zone').default(['nova'])
    .refine((a) => new Set(a).size === a.length, 'availability zones must not repeat'),
  neutron: z.boolean().default(true),
  /** The workflow service (Mistral v2, `workflowv2`) in the catalog, with its cron engine. */
  mistral: z.boolean().default(true),
  /** Block storage (Cinder v3) in the catalog; without it Nova refuses block devices. */
  cinder: z.boolean().default(true),
  /** Glance's enabled_import_methods gains glance-download (off by default, as in Zed). */
  glanceDownload: z.boolean().default(false),
  log: z.custom<(line: string) => void>((v) => typeof v === 'function', 'log must be a function').optional(),
});
export type LocalCloudOptions = z.input<typeof localCloudOptionsSchema>;
export type ResolvedOptions = z.output<typeof localCloudOptionsSchema>;

/** Turns zod issues into one readable line per problem, naming the option. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'options'}: ${i.message}`).join('; ');
}

export function parseOptions(input: LocalCloudOptions = {}): ResolvedOptions {
  const r = localCloudOptionsSchema.safeParse(input);
  if (!r.success) throw new Error(`Invalid local cloud options: ${describeIssues(r.error)}`);
  return r.data;
}

/** What the service modules need from the options, kept per cloud (CloudContext has no
 * slot for it; see the report to the lead). */
export interface ServiceOptions {
  regions: string[];
  /** Nova's availability zones (absent: just "nova"). */
  availabilityZones?: string[];
  neutron: boolean;
  mistral: boolean;
  cinder: boolean;
  /** glance-download among Glance's import methods (absent: off). */
  glanceDownload?: boolean;
  /** Timings at start, restored by POST /__admin/reset. */
  initialTimings: Timings;
}

const serviceOptionsByCloud = new WeakMap<CloudContext, ServiceOptions>();

export function setServiceOptions(cloud: CloudContext, opts: ServiceOptions): void {
  serviceOptionsByCloud.set(cloud, opts);
}

/** Options of this cloud; a context built by hand (tests) gets the defaults. */
export function serviceOptions(cloud: CloudContext): ServiceOptions {
  return serviceOptionsByCloud.get(cloud) ?? { regions: ['RegionOne'], neutron: true, mistral: true, cinder: true, initialTimings: { ...cloud.state.timings } };
}

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

// Command line ------------------------------------------------------------------------

const intArg = (name: string) => z.string().regex(/^\d+$/, `--${name} takes a whole number`).transform(Number);

const commaList = z.string().transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean));

const cliSchema = z.strictObject({
  port: intArg('port').pipe(z.number().max(65_535, '--port is at most 65535')),
  host: z.string().min(1),
  'public-url': z.string().optional(),
  state: z.string().min(1).optional(),
  reset: z.boolean(),
  'seed-servers': intArg('seed-servers').optional(),
  'seed-images': intArg('seed-images').optional(),
  'seed-snapshots': intArg('seed-snapshots').optional(),
  'snapshot-phase-ms': intArg('snapshot-phase-ms').optional(),
  'build-ms': intArg('build-ms').optional(),
  'power-ms': intArg('power-ms').optional(),
  'token-ttl': intArg('token-ttl').optional(),
  regions: commaList.optional(),
  'availability-zones': commaList.optional(),
  neutron: z.boolean(),
  mistral: z.boolean(),
  cinder: z.boolean(),
  'glance-download': z.boolean(),
  quiet: z.boolean(),
  help: z.boolean(),
});

export interface CliOptions {
  options: ResolvedOptions;
  quiet: boolean;
  help: boolean;
}

export const CLI_USAGE = `Usage: npm run cloud -- [options]

  --port N                 port to listen on (default 5480, env LOCALCLOUD_PORT; 0 = any free port)
  --host H                 address to listen on (default 127.0.0.1; anything else is exposed!)
  --public-url URL         base URL advertised in the catalog (default http://<host>:<port>)
  --state FILE             keep the cloud in FILE (saved atomically after each change)
  --reset                  reseed, discarding what FILE holds
  --seed-servers N         add N servers to project demo (benchmarks)
  --seed-images M          add M images (benchmarks)
  --seed-snapshots K       K of those M images are snapshots (default: every third)
  --snapshot-phase-ms MS   duration of each snapshot phase (default 1500)
  --build-ms MS            BUILD -> ACTIVE (default 3000)
  --power-ms MS            start/stop/reboot (default 2000)
  --token-ttl S            token lifetime in seconds (default 3600)
  --regions A,B            regions in the catalog (default RegionOne)
  --availability-zones A,B Nova's availability zones; the first takes boots that name none (default nova)
  --no-neutron             no network service (like a cloud without Neutron)
  --no-mistral             no workflow service (Mistral): no schedules, as on most clouds
  --no-cinder              no block storage service (like a cloud without Cinder)
  --glance-download        Glance offers the glance-download import method between regions
  --quiet                  no per-request log lines
  --help                   this text`;

/** Parses argv (without node and script) and the environment. Throws with a readable
 * message on unknown or malformed options. */
export function parseCli(argv: string[], env: Record<string, string | undefined> = process.env): CliOptions {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowNegative: true,
      options: {
        port: { type: 'string', default: env.LOCALCLOUD_PORT ?? '5480' },
        host: { type: 'string', default: '127.0.0.1' },
        'public-url': { type: 'string' },
        state: { type: 'string' },
        reset: { type: 'boolean', default: false },
        'seed-servers': { type: 'string' },
        'seed-images': { type: 'string' },
        'seed-snapshots': { type: 'string' },
        'snapshot-phase-ms': { type: 'string' },
        'build-ms': { type: 'string' },
        'power-ms': { type: 'string' },
        'token-ttl': { type: 'string' },
        regions: { type: 'string' },
        'availability-zones': { type: 'string' },
        neutron: { type: 'boolean', default: true },
        mistral: { type: 'boolean', default: true },
        cinder: { type: 'boolean', default: true },
        'glance-download': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n\n${CLI_USAGE}`);
  }
  const r = cliSchema.safeParse(values);
  if (!r.success) throw new Error(`${r.error.issues.map((i) => i.message).join('; ')}\n\n${CLI_USAGE}`);
  const v = r.data;
  const timings: Partial<Timings> = {};
  if (v['snapshot-phase-ms'] !== undefined) timings.snapshotPhaseMs = v['snapshot-phase-ms'];
  if (v['build-ms'] !== undefined) timings.buildMs = v['build-ms'];
  if (v['power-ms'] !== undefined) timings.powerMs = v['power-ms'];
  if (v['token-ttl'] !== undefined) timings.tokenTtlSeconds = v['token-ttl'];
  const r2 = localCloudOptionsSchema.safeParse({
    host: v.host,
    port: v.port,
    publicUrl: v['public-url'],
    stateFile: v.state,
    reset: v.reset,
    timings,
    seed: { servers: v['seed-servers'], images: v['seed-images'], snapshots: v['seed-snapshots'] },
    regions: v.regions,
    availabilityZones: v['availability-zones'],
    neutron: v.neutron,
    mistral: v.mistral,
    cinder: v.cinder,
    glanceDownload: v['glance-download'],
  });
  if (!r2.success) throw new Error(`${describeIssues(r2.error)}\n\n${CLI_USAGE}`);
  return { options: r2.data, quiet: v.quiet, help: v.help };
}
