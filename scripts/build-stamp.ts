// Whether the production build in the dist dir is current: a stamp written into the dist dir
// after a successful `next build` records what that build read, and `npm start` skips the
// build while the tree still reads the same (scripts/build-if-stale.ts).
//
// What `next build` reads is wider than app/, components/ and lib/: Tailwind v4 scans every
// file that git does not ignore for class names (README and docs included), the type check
// covers every .ts file, and Next loads .env* files (the .local ones are gitignored). So the
// fingerprint is every non-ignored file's content, the .env* files, the installed packages
// (npm's node_modules/.package-lock.json, and Next's version by name), Node's version, and
// the environment Next inlines or configures itself with.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

/** The stamp's name in the dist dir. `next build` empties the dist dir (all but cache, dev,
 * diagnostics, lock and trace) before it starts, so a build by any other command drops it. */
export const STAMP_FILE = 'snapdeck-build-stamp.json';

/** process.env, or a made-up environment in tests. */
export type Env = Record<string, string | undefined>;

export const distDirOf = (env: Env): string => env.SNAPDECK_DIST_DIR || '.next';

/** Environment that changes what `next build` produces: NEXT_PUBLIC_* are inlined into the
 * client bundles, NEXT_* and __NEXT_* switch Next's own behaviour, NODE_ENV its mode, and
 * SNAPDECK_DIST_DIR is read by next.config.js. Other variables are read at run time only:
 * every page is dynamic (the CSP nonce), so none is baked into prerendered HTML. */
export function buildEnv(env: Env): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value === undefined) continue;
    if (/^(NEXT_|__NEXT)/.test(name) || name === 'NODE_ENV' || name === 'SNAPDECK_DIST_DIR') picked[name] = sha256(value).slice(0, 16);
  }
  return picked;
}

const inputsSchema = z.object({
  distDir: z.string(),
  next: z.string(),
  node: z.string(),
  /** Variable name → hash of its value (the stamp never holds a value). */
  env: z.record(z.string(), z.string()),
  /** Path relative to the project → hash of its content, or "missing". */
  files: z.record(z.string(), z.string()),
});
export type BuildInputs = z.infer<typeof inputsSchema>;

const stampSchema = inputsSchema.extend({
  version: z.literal(1),
  /** The dist dir's BUILD_ID when the stamp was written: a build made since, by another
   * command, has another one. */
  buildId: z.string().min(1),
  fingerprint: z.string(),
  builtAt: z.string(),
});
export type BuildStamp = z.infer<typeof stampSchema>;

export type Decision = { current: true } | { current: false; reason: string };

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One hash of everything the build read, keys in a fixed order. */
export function fingerprintOf(inputs: BuildInputs): string {
  const sorted = (r: Record<string, string>) => Object.keys(r).sort().map((k) => [k, r[k]]);
  return sha256(JSON.stringify([inputs.distDir, inputs.next, inputs.node, sorted(inputs.env), sorted(inputs.files)]));
}

export function makeStamp(inputs: BuildInputs, buildId: string, now: Date): BuildStamp {
  return { version: 1, ...inputs, buildId, fingerprint: fingerprintOf(inputs), builtAt: now.toISOString() };
}

const list = (xs: string[]) => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more` : xs.join(', '));

/** The decision, and the first reason it is stale in words a person can act on. */
export function decideBuild(stamp: BuildStamp | null, inputs: BuildInputs, buildId: string | null): Decision {
  if (buildId === null) return { current: false, reason: `no build in ${inputs.distDir}` };
  if (stamp === null) return { current: false, reason: `no build stamp in ${inputs.distDir} (built by another command, or the last build did not finish)` };
  if (stamp.buildId !== buildId) return { current: false, reason: `the build in ${inputs.distDir} is not the one the stamp describes` };
  if (stamp.distDir !== inputs.distDir) return { current: false, reason: `the stamp was written for dist dir ${stamp.distDir}, not ${inputs.distDir}` };
  if (stamp.next !== inputs.next) return { current: false, reason: `Next.js ${inputs.next} is installed, the build was made with ${stamp.next}` };
  if (stamp.node !== inputs.node) return { current: false, reason: `Node.js ${inputs.node} runs now, the build was made with ${stamp.node}` };
  const differs = (a: Record<string, string>, b: Record<string, string>) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
  const env = differs(stamp.env, inputs.env);
  if (env.length) return { current: false, reason: `environment changed: ${list(env)}` };
  const files = differs(stamp.files, inputs.files);
  if (files.length) {
    const words = files.map((f) => (!(f in stamp.files) ? `${f} (new)` : !(f in inputs.files) || inputs.files[f] === 'missing' ? `${f} (deleted)` : f));
    return { current: false, reason: `changed since the build: ${list(words)}` };
  }
  // The fields above are all the fingerprint hashes; this catches a stamp edited by hand.
  if (stamp.fingerprint !== fingerprintOf(inputs)) return { current: false, reason: 'the stamp does not match its own contents' };
  return { current: true };
}

const run = promisify(execFile);

/** Every file git does not ignore (tracked, or new and not ignored), the .env* files at the
 * root, and npm's record of what node_modules holds; relative paths, sorted. Throws when
 * `dir` is not in a git checkout: then nothing tells which files the build reads. */
export async function buildFileList(dir: string, distDir: string): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  const files = new Set(stdout.split('\0').filter(Boolean));
  for (const entry of await readdir(dir)) if (/^\.env/.test(entry)) files.add(entry);
  files.add('node_modules/.package-lock.json');
  // The build's own output, were the dist dir not gitignored.
  const dist = path.relative(dir, path.resolve(dir, distDir));
  return [...files].filter((f) => !(dist === '' || f === dist || f.startsWith(`${dist}/`))).sort();
}

/** What a build of `dir` with `env` would read, now. */
export async function readBuildInputs(dir: string, env: Env): Promise<BuildInputs> {
  const distDir = distDirOf(env);
  const paths = await buildFileList(dir, distDir);
  // Read one after another: on this machine that is 4–10× faster than 500 reads at once
  // through libuv's thread pool (about 50 ms for 500 files, 4 MB).
  const hashes = paths.map((p) => {
    try {
      return sha256(readFileSync(path.join(dir, p)));
    } catch (err) {
      // A tracked file deleted from the tree is listed but absent; a directory is a
      // submodule or a nested checkout, which the build does not read.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') return 'missing';
      throw err;
    }
  });
  const nextPkg = z.object({ version: z.string() }).parse(JSON.parse(await readFile(path.join(dir, 'node_modules/next/package.json'), 'utf8')));
  return { distDir, next: nextPkg.version, node: process.version, env: buildEnv(env), files: Object.fromEntries(paths.map((p, i) => [p, hashes[i]!])) };
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The dist dir's BUILD_ID, which `next build` writes near its end; null when there is none. */
export async function readBuildId(distPath: string): Promise<string | null> {
  return (await readOrNull(path.join(distPath, 'BUILD_ID')))?.trim() || null;
}

/** The stamp, or null when there is none or it is not one this code wrote. */
export async function readStamp(distPath: string): Promise<BuildStamp | null> {
  const text = await readOrNull(path.join(distPath, STAMP_FILE));
  if (text === null) return null;
  try {
    const parsed = stampSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written whole or not at all: a temporary file renamed over the stamp. */
export async function writeStamp(distPath: string, stamp: BuildStamp): Promise<void> {
  const tmp = path.join(distPath, `${STAMP_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(stamp)}\n`);
  await rename(tmp, path.join(distPath, STAMP_FILE));
}

export async function removeStamp(distPath: string): Promise<void> {
  await rm(path.join(distPath, STAMP_FILE), { force: true });
}

/** `next build` with a dist dir other than .next adds `<distDir>/types/**\/*.ts` and
 * `<distDir>/dev/types/**\/*.ts` to tsconfig.json's include, which leaves the checkout
 * changed. Returns `before` when that is the only change, so the caller can put it back;
 * null when tsconfig.json changed in any other way (somebody's edit: left alone). */
export function tsconfigToRestore(before: string, after: string, distDir: string): string | null {
  if (before === after) return null;
  const include = z.object({ include: z.array(z.string()).optional() }).passthrough();
  try {
    const b = include.parse(JSON.parse(before));
    const a = include.parse(JSON.parse(after));
    const added = new Set([`${distDir}/types/**/*.ts`, `${distDir}/dev/types/**/*.ts`]);
    const kept = (a.include ?? []).filter((p) => !added.has(p));
    const same = JSON.stringify({ ...a, include: kept }) === JSON.stringify({ ...b, include: b.include ?? [] });
    return same ? before : null;
  } catch {
    return null;
  }
}
