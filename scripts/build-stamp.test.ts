import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildEnv,
  decideBuild,
  fingerprintOf,
  makeStamp,
  readBuildInputs,
  readStamp,
  removeStamp,
  STAMP_FILE,
  tsconfigToRestore,
  writeStamp,
  type BuildInputs,
  type Env,
} from './build-stamp';

const inputs = (over: Partial<BuildInputs> = {}): BuildInputs => ({
  distDir: '.next',
  next: '16.4.6',
  node: 'v20.20.2',
  env: {},
  files: { 'app/page.tsx': 'a1', 'lib/x.ts': 'b2', 'package-lock.json': 'c3' },
  ...over,
});
const stampOf = (i: BuildInputs, buildId = 'build-1') => makeStamp(i, buildId, new Date('2025-01-01T00:00:00Z'));

describe('decideBuild', () => {
  it('is current when nothing the build read has changed', () => {
    expect(decideBuild(stampOf(inputs()), inputs(), 'build-1')).toEqual({ current: true });
  });

  it('is stale with no stamp, or no build, or a build the stamp does not describe', () => {
    expect(decideBuild(null, inputs(), 'build-1')).toMatchObject({ current: false, reason: expect.stringContaining('no build stamp') });
    expect(decideBuild(stampOf(inputs()), inputs(), null)).toMatchObject({ current: false, reason: 'no build in .next' });
    expect(decideBuild(stampOf(inputs()), inputs(), 'build-2')).toMatchObject({ current: false, reason: expect.stringContaining('not the one the stamp describes') });
  });

  it('is stale when a file changed, appeared or went, and names it', () => {
    const base = inputs();
    expect(decideBuild(stampOf(base), inputs({ files: { ...base.files, 'lib/x.ts': 'b3' } }), 'build-1')).toEqual({ current: false, reason: 'changed since the build: lib/x.ts' });
    expect(decideBuild(stampOf(base), inputs({ files: { ...base.files, 'components/new.tsx': 'd4' } }), 'build-1')).toEqual({ current: false, reason: 'changed since the build: components/new.tsx (new)' });
    const rest = Object.fromEntries(Object.entries(base.files).filter(([f]) => f !== 'lib/x.ts'));
    expect(decideBuild(stampOf(base), inputs({ files: rest }), 'build-1')).toEqual({ current: false, reason: 'changed since the build: lib/x.ts (deleted)' });
    expect(decideBuild(stampOf(base), inputs({ files: { ...base.files, 'lib/x.ts': 'missing' } }), 'build-1')).toEqual({ current: false, reason: 'changed since the build: lib/x.ts (deleted)' });
  });

  it('names three changed files and counts the rest', () => {
    const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((f) => [`${f}.ts`, 'new']));
    expect(decideBuild(stampOf(inputs()), inputs({ files: { ...inputs().files, ...many } }), 'build-1')).toEqual({
      current: false,
      reason: 'changed since the build: a.ts (new), b.ts (new), c.ts (new) and 2 more',
    });
  });

  it('is stale under another Next.js, Node.js or dist dir', () => {
    expect(decideBuild(stampOf(inputs()), inputs({ next: '16.5.0' }), 'build-1')).toEqual({ current: false, reason: 'Next.js 16.5.0 is installed, the build was made with 16.4.6' });
    expect(decideBuild(stampOf(inputs()), inputs({ node: 'v22.1.0' }), 'build-1')).toMatchObject({ current: false, reason: expect.stringContaining('Node.js v22.1.0') });
    expect(decideBuild(stampOf(inputs()), inputs({ distDir: '.next-bench' }), 'build-1')).toEqual({ current: false, reason: 'the stamp was written for dist dir .next, not .next-bench' });
  });

  it('is stale when the environment the build reads changed, and only then', () => {
    const env = (e: Env) => inputs({ env: buildEnv(e) });
    const stamp = stampOf(env({ NEXT_PUBLIC_TITLE: 'a', PORT: '3000' }));
    expect(decideBuild(stamp, env({ NEXT_PUBLIC_TITLE: 'a', PORT: '3100', OS_CLOUD: 'x' }), 'build-1')).toEqual({ current: true });
    expect(decideBuild(stamp, env({ NEXT_PUBLIC_TITLE: 'b' }), 'build-1')).toEqual({ current: false, reason: 'environment changed: NEXT_PUBLIC_TITLE' });
    expect(decideBuild(stamp, env({ NEXT_PUBLIC_TITLE: 'a', SNAPDECK_DIST_DIR: '.next' }), 'build-1')).toEqual({ current: false, reason: 'environment changed: SNAPDECK_DIST_DIR' });
  });

  it('is stale when the stamp was edited so that its fingerprint no longer matches', () => {
    expect(decideBuild({ ...stampOf(inputs()), fingerprint: 'f'.repeat(64) }, inputs(), 'build-1')).toMatchObject({ current: false });
  });
});

describe('buildEnv', () => {
  it('keeps what Next reads at build time, as hashes, never the values', () => {
    const picked = buildEnv({ NEXT_PUBLIC_A: 'secret-ish', NEXT_TELEMETRY_DISABLED: '1', __NEXT_X: '1', NODE_ENV: 'production', SNAPDECK_DIST_DIR: '.next-b', PORT: '1', OS_PASSWORD: 'p' });
    expect(Object.keys(picked)).toEqual(['NEXT_PUBLIC_A', 'NEXT_TELEMETRY_DISABLED', 'NODE_ENV', 'SNAPDECK_DIST_DIR', '__NEXT_X']);
    expect(JSON.stringify(picked)).not.toContain('secret-ish');
  });
});

describe('fingerprintOf', () => {
  it('does not depend on the order keys were found in', () => {
    const a = inputs({ files: { 'a.ts': '1', 'b.ts': '2' }, env: { NEXT_A: '1', NEXT_B: '2' } });
    const b = inputs({ files: { 'b.ts': '2', 'a.ts': '1' }, env: { NEXT_B: '2', NEXT_A: '1' } });
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
    expect(fingerprintOf(a)).not.toBe(fingerprintOf(inputs({ files: { 'a.ts': '1', 'b.ts': '3' } })));
  });
});

describe('tsconfigToRestore', () => {
  const before = JSON.stringify({ compilerOptions: { strict: true }, include: ['**/*.ts', '.next/types/**/*.ts'], exclude: ['node_modules'] }, null, 2);
  const withDist = (dist: string, extra: object = {}) =>
    JSON.stringify({ compilerOptions: { strict: true, ...extra }, include: ['**/*.ts', '.next/types/**/*.ts', `${dist}/types/**/*.ts`, `${dist}/dev/types/**/*.ts`], exclude: ['node_modules'] }, null, 2);

  it("puts back tsconfig.json when the build only added its dist dir's types", () => {
    expect(tsconfigToRestore(before, withDist('.next-b'), '.next-b')).toBe(before);
  });

  it('leaves any other change alone, and an unchanged file', () => {
    expect(tsconfigToRestore(before, withDist('.next-b', { noEmit: true }), '.next-b')).toBeNull();
    expect(tsconfigToRestore(before, withDist('.next-c'), '.next-b')).toBeNull();
    expect(tsconfigToRestore(before, before, '.next-b')).toBeNull();
    expect(tsconfigToRestore(before, '{ not json', '.next-b')).toBeNull();
  });
});

/** A project in a temporary git checkout, as `next build` would see it. */
describe('readBuildInputs on a checkout', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  const env = { NEXT_PUBLIC_FLAG: 'on' };
  /** Builds "now": the stamp of the tree as it is, with build id b1. */
  const build = async (e: Env = env) => {
    const i = await readBuildInputs(dir, e);
    mkdirSync(path.join(dir, i.distDir), { recursive: true });
    writeFileSync(path.join(dir, i.distDir, 'BUILD_ID'), 'b1');
    await writeStamp(path.join(dir, i.distDir), makeStamp(i, 'b1', new Date()));
  };
  const decide = async (e: Env = env) => {
    const i = await readBuildInputs(dir, e);
    return decideBuild(await readStamp(path.join(dir, i.distDir)), i, 'b1');
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'snapdeck-stamp-'));
    git('init', '-q');
    write('.gitignore', 'node_modules/\n.next/\n.next-*/\ntest-results/\n.env*.local\n');
    write('app/page.tsx', 'export default function Page() { return null; }\n');
    write('README.md', '# docs Tailwind scans\n');
    write('package.json', '{}\n');
    write('node_modules/next/package.json', '{"version":"16.4.6"}\n');
    write('node_modules/.package-lock.json', '{"packages":{}}\n');
    git('add', '.');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('unchanged tree → current; build outputs and ignored folders do not count', async () => {
    await build();
    expect(await decide()).toEqual({ current: true });
    write('test-results/run.json', '{}');
    write('.next/server/page.js', 'x');
    write('.next-other/BUILD_ID', 'y');
    expect(await decide()).toEqual({ current: true });
  });

  it('no stamp → stale', async () => {
    await build();
    await removeStamp(path.join(dir, '.next'));
    expect(await decide()).toMatchObject({ current: false, reason: expect.stringContaining('no build stamp') });
  });

  it('an edited source file → stale, even with the same size and time', async () => {
    const file = path.join(dir, 'app/page.tsx');
    const when = new Date('2024-06-01T00:00:00Z');
    utimesSync(file, when, when);
    await build();
    write('app/page.tsx', 'export default function Page() { return true; }\n');
    utimesSync(file, when, when);
    expect(statSync(file).size).toBe('export default function Page() { return null; }\n'.length);
    expect(await decide()).toEqual({ current: false, reason: 'changed since the build: app/page.tsx' });
  });

  it('a file touched but not changed → current (contents are compared, not times)', async () => {
    await build();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'app/page.tsx'), later, later);
    expect(await decide()).toEqual({ current: true });
  });

  it('a new file, tracked or not, or an edited document → stale', async () => {
    await build();
    write('components/row.tsx', 'export const Row = 1;\n');
    expect(await decide()).toEqual({ current: false, reason: 'changed since the build: components/row.tsx (new)' });
    await build();
    write('README.md', '# docs with class="hidden"\n');
    expect(await decide()).toEqual({ current: false, reason: 'changed since the build: README.md' });
  });

  it('a deleted file → stale', async () => {
    await build();
    unlinkSync(path.join(dir, 'app/page.tsx'));
    expect(await decide()).toEqual({ current: false, reason: 'changed since the build: app/page.tsx (deleted)' });
  });

  it('a gitignored .env.local Next loads → stale', async () => {
    await build();
    write('.env.local', 'NEXT_PUBLIC_X=1\n');
    expect(await decide()).toEqual({ current: false, reason: 'changed since the build: .env.local (new)' });
  });

  it('another Next.js installed, or other packages → stale', async () => {
    await build();
    write('node_modules/next/package.json', '{"version":"16.5.0"}\n');
    expect(await decide()).toEqual({ current: false, reason: 'Next.js 16.5.0 is installed, the build was made with 16.4.6' });
    write('node_modules/next/package.json', '{"version":"16.4.6"}\n');
    write('node_modules/.package-lock.json', '{"packages":{"node_modules/x":{}}}\n');
    expect(await decide()).toEqual({ current: false, reason: 'changed since the build: node_modules/.package-lock.json' });
  });

  it('another dist dir → stale (no stamp there), and a stamp copied there does not count', async () => {
    await build();
    const other = { ...env, SNAPDECK_DIST_DIR: '.next-b' };
    expect(await decide(other)).toMatchObject({ current: false, reason: expect.stringContaining('no build stamp in .next-b') });
    mkdirSync(path.join(dir, '.next-b'));
    writeFileSync(path.join(dir, '.next-b', STAMP_FILE), await readFile(path.join(dir, '.next', STAMP_FILE)));
    expect(await decide(other)).toMatchObject({ current: false });
  });

  it('a NEXT_PUBLIC_ variable changed → stale', async () => {
    await build();
    expect(await decide({ NEXT_PUBLIC_FLAG: 'off' })).toEqual({ current: false, reason: 'environment changed: NEXT_PUBLIC_FLAG' });
  });

  it('a stamp that is not one of ours reads as none', async () => {
    await build();
    writeFileSync(path.join(dir, '.next', STAMP_FILE), '{"version":2}');
    expect(await readStamp(path.join(dir, '.next'))).toBeNull();
    writeFileSync(path.join(dir, '.next', STAMP_FILE), 'not json');
    expect(await readStamp(path.join(dir, '.next'))).toBeNull();
  });

  it('outside a git checkout it cannot tell, and says so by throwing', async () => {
    rmSync(path.join(dir, '.git'), { recursive: true, force: true });
    await expect(readBuildInputs(dir, env)).rejects.toThrow();
  });
});
