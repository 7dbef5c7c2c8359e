// `npm run cloud`: option parsing, the openrc it writes, and a real process start/stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { parseCli } from './config';
import { until } from './test-helpers';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'localcloud-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('parseCli', () => {
  it('has the documented defaults', () => {
    const { options, quiet } = parseCli([], {});
    expect(options).toMatchObject({ host: '127.0.0.1', port: 5480, reset: false, regions: ['RegionOne'], availabilityZones: ['nova'], neutron: true, timings: {}, seed: {} });
    expect(quiet).toBe(false);
  });

  it('reads every option and LOCALCLOUD_PORT', () => {
    const { options, quiet } = parseCli([
      '--host', '0.0.0.0', '--state', 'x.json', '--reset', '--seed-servers', '1000', '--seed-images', '10000', '--seed-snapshots', '2000',
      '--snapshot-phase-ms', '10', '--build-ms', '20', '--power-ms', '30', '--token-ttl', '60',
      '--regions', 'RegionOne, RegionTwo', '--availability-zones', 'nova,real', '--no-neutron', '--quiet',
    ], { LOCALCLOUD_PORT: '6000' });
    expect(options).toMatchObject({
      host: '0.0.0.0', port: 6000, stateFile: 'x.json', reset: true, seed: { servers: 1000, images: 10000, snapshots: 2000 },
      timings: { snapshotPhaseMs: 10, buildMs: 20, powerMs: 30, tokenTtlSeconds: 60 }, regions: ['RegionOne', 'RegionTwo'], availabilityZones: ['nova', 'real'], neutron: false,
    });
    expect(quiet).toBe(true);
    expect(parseCli(['--port', '7000'], { LOCALCLOUD_PORT: '6000' }).options.port).toBe(7000);
  });

  it.each([
    [['--port', 'abc'], /--port takes a whole number/],
    [['--port', '99999'], /at most 65535/],
    [['--colour', 'blue'], /Unknown option '--colour'/],
    [['--build-ms', '-5'], /--build-ms/],
    [['--regions', 'Region One'], /region name/],
    [['--availability-zones', 'nova,a:b'], /availability zone name/],
    [['--availability-zones', 'nova,internal'], /"internal" is the zone of Nova's own services/],
    [['--availability-zones', 'real,real'], /availability zones must not repeat/],
    [['--availability-zones', ','], /name at least one availability zone/],
  ])('refuses %j with a message and the usage', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(message);
    expect(() => parseCli(argv, {})).toThrow(/Usage: npm run cloud/);
  });
});

describe('runCli', () => {
  it('starts, prints where it listens and the logins, writes .localcloud/openrc', async () => {
    const cwd = tempDir();
    const lines: string[] = [];
    const run = (await runCli(['--port', '0', '--quiet', '--regions', 'RegionTwo,RegionOne'], { cwd, env: {}, out: (l) => lines.push(l) }))!;
    try {
      const openrc = readFileSync(path.join(cwd, '.localcloud', 'openrc'), 'utf8');
      const vars = Object.fromEntries([...openrc.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
      expect(vars).toEqual({
        OS_AUTH_URL: `${run.cloud.url}/identity`, OS_USERNAME: 'demo', OS_PASSWORD: 'demo', OS_PROJECT_NAME: 'demo',
        OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_REGION_NAME: 'RegionTwo',
        OS_IDENTITY_API_VERSION: '3', OS_INTERFACE: 'public', OS_COMPUTE_API_VERSION: '2.latest',
      });
      expect(lines[0]).toMatch(new RegExp(`^Local cloud listening on ${run.cloud.url} \\(started in \\d+ ms, RSS \\d+ MiB; 7 servers, 8 images\\)$`));
      expect(lines.join('\n')).toContain('demo/demo [demo, alt-demo]');
      expect((await fetch(`${run.cloud.url}/identity/v3`)).status).toBe(200);
    } finally {
      await run.close();
    }
  });

  it('logs one line per request unless --quiet, and warns when not on loopback', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const run = (await runCli(['--port', '0', '--host', '0.0.0.0'], { cwd: tempDir(), env: {}, out: (l) => lines.push(l), err: (l) => errors.push(l) }))!;
    try {
      await fetch(`http://127.0.0.1:${run.cloud.port}/identity/v3`);
      expect(lines.some((l) => /^GET \/identity\/v3 200 [\d.]+ms$/.test(l))).toBe(true);
      expect(errors.join('\n')).toMatch(/WARNING: listening on 0\.0\.0\.0, not loopback/);
    } finally {
      await run.close();
    }
  });
});

describe('npm run cloud as a process', () => {
  it('starts, serves, and exits 0 on SIGTERM', async () => {
    const cwd = tempDir();
    const tsx = path.resolve('node_modules/.bin/tsx');
    const child = spawn(tsx, [path.resolve('lib/localcloud/cli.ts'), '--port', '0', '--quiet'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await until('the listening line', () => /listening on (http:\/\/\S+)/.exec(out)?.[1], { timeoutMs: 30_000, intervalMs: 50 });
    expect((await fetch(`${url}/identity/v3`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM, stopping');
  }, 40_000);
});
