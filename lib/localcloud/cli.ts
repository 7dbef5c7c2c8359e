// `npm run cloud`: the local cloud alone in the foreground, with an openrc for the
// `openstack` CLI. Options: `npm run cloud -- --help`.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_USAGE, isLoopbackHost, parseCli } from './config';
import type { RunningLocalCloud } from './server';
import { startLocalCloud } from './server';

export const SEEDED_LOGINS = [
  { user: 'demo', password: 'demo', projects: 'demo, alt-demo' },
  { user: 'alt', password: 'alt', projects: 'alt-demo' },
  { user: 'admin', password: 'admin', projects: 'admin (admin role)' },
];

/** The environment for `openstack` against this cloud, as demo in project demo. */
export function openrcText(baseUrl: string, region = 'RegionOne'): string {
  const vars: [string, string][] = [
    ['OS_AUTH_URL', `${baseUrl}/identity`],
    ['OS_USERNAME', 'demo'],
    ['OS_PASSWORD', 'demo'],
    ['OS_PROJECT_NAME', 'demo'],
    ['OS_USER_DOMAIN_NAME', 'Default'],
    ['OS_PROJECT_DOMAIN_NAME', 'Default'],
    ['OS_REGION_NAME', region],
    ['OS_IDENTITY_API_VERSION', '3'],
    ['OS_INTERFACE', 'public'],
    // osc 6.0 otherwise speaks compute 2.1, where novaclient refuses `--nic none` before
    // sending anything; 2.latest = the highest both sides know (the Zed recipe does the same).
    ['OS_COMPUTE_API_VERSION', '2.latest'],
  ];
  return `# Snapdeck local cloud (${baseUrl}): source this file, then run openstack commands.\n${vars.map(([k, v]) => `export ${k}=${v}`).join('\n')}\n`;
}

/** Writes <dir>/.localcloud/openrc (atomically) and returns its path. */
export async function writeOpenrc(baseUrl: string, opts: { dir?: string; region?: string } = {}): Promise<string> {
  const folder = path.join(opts.dir ?? process.cwd(), '.localcloud');
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'openrc');
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, openrcText(baseUrl, opts.region), { mode: 0o600 });
  await rename(tmp, file);
  return file;
}

export interface CliRun {
  cloud: RunningLocalCloud;
  openrc: string;
  startupMs: number;
  close(): Promise<void>;
}

/** Starts the cloud as the command line asks; `out`/`err` receive whole lines. */
export async function runCli(argv: string[], io: { cwd?: string; env?: Record<string, string | undefined>; out?: (line: string) => void; err?: (line: string) => void } = {}): Promise<CliRun | null> {
  const t0 = performance.now();
  const out = io.out ?? ((l: string) => console.log(l));
  const err = io.err ?? ((l: string) => console.error(l));
  const cwd = io.cwd ?? process.cwd();
  const { options, quiet, help } = parseCli(argv, io.env ?? process.env);
  if (help) {
    out(CLI_USAGE);
    return null;
  }
  if (!isLoopbackHost(options.host)) {
    err(`WARNING: listening on ${options.host}, not loopback: anyone who can reach this address can use the cloud with the seeded passwords, and /__admin is only refused to them by address.`);
  }
  const cloud = await startLocalCloud({
    ...options,
    stateFile: options.stateFile ? path.resolve(cwd, options.stateFile) : undefined,
    log: quiet ? undefined : out,
  }, { overrideGlobalObjects: true });
  const openrc = await writeOpenrc(cloud.cloud.publicUrl, { dir: cwd, region: options.regions[0] });
  const startupMs = Math.round(performance.now() - t0);
  const rssMiB = (process.memoryUsage().rss / 1048576).toFixed(0);
  const { servers, images } = { servers: cloud.state.data.servers.length, images: cloud.state.data.images.length };
  out(`Local cloud listening on ${cloud.url} (started in ${startupMs} ms, RSS ${rssMiB} MiB; ${servers} servers, ${images} images)`);
  out(`  OS_AUTH_URL=${cloud.cloud.publicUrl}/identity   regions: ${options.regions.join(', ')}${options.neutron ? '' : '   (no Neutron)'}${options.mistral ? '' : '   (no Mistral)'}`);
  out(`  state: ${options.stateFile ? path.resolve(cwd, options.stateFile) : 'in memory'}`);
  out(`  logins (domain Default): ${SEEDED_LOGINS.map((l) => `${l.user}/${l.password} [${l.projects}]`).join('; ')}`);
  out(`  openstack CLI: source ${path.relative(cwd, openrc) || openrc} && openstack server list`);
  return { cloud, openrc, startupMs, close: () => cloud.close() };
}

async function main(): Promise<void> {
  let run: CliRun | null;
  try {
    run = await runCli(process.argv.slice(2));
  } catch (e) {
    console.error(`localcloud: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  if (!run) return;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`localcloud: ${signal}, stopping`);
    run.close().then(() => process.exit(0), (e: unknown) => {
      console.error(`localcloud: could not save the state: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
