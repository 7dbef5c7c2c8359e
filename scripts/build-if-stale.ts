// `npm start`'s build step (scripts/start.ts), and a script: `next build` only when the build
// in the dist dir is not current (scripts/build-stamp.ts says what "current" means), then a
// stamp that says what it read. The stamp goes before the build starts and comes back only
// after it succeeded, so a build that fails or is interrupted leaves no stamp claiming it is
// current.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import {
  decideBuild,
  distDirOf,
  makeStamp,
  readBuildId,
  readBuildInputs,
  readStamp,
  removeStamp,
  tsconfigToRestore,
  writeStamp,
  type BuildInputs,
} from './build-stamp';

const say = (line: string) => console.log(`snapdeck: ${line}`);

/** Builds the project in the working directory into its dist dir unless that build is
 * current (or `force`); the exit code to end with: 0, or `next build`'s. */
export async function buildIfStale({ force = false }: { force?: boolean } = {}): Promise<number> {
  const dir = process.cwd();
  const distDir = distDirOf(process.env);
  const distPath = path.resolve(dir, distDir);
  const started = performance.now();
  let inputs: BuildInputs | null = null;
  try {
    inputs = await readBuildInputs(dir, process.env);
  } catch (err) {
    say(`cannot tell whether the build is current (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); building`);
  }
  if (force) say(`building into ${distDir}: --force`);
  else if (inputs) {
    const decision = decideBuild(await readStamp(distPath), inputs, await readBuildId(distPath));
    const checked = `${Object.keys(inputs.files).length} files checked in ${Math.round(performance.now() - started)} ms`;
    if (decision.current) {
      say(`the build in ${distDir} is current (${checked}); not rebuilding`);
      return 0;
    }
    say(`building into ${distDir}: ${decision.reason} (${checked})`);
  }

  await removeStamp(distPath);
  const tsconfig = path.join(dir, 'tsconfig.json');
  const tsconfigBefore = await readFile(tsconfig, 'utf8').catch(() => null);
  const code = await nextBuild(dir);
  if (tsconfigBefore !== null) {
    const restore = tsconfigToRestore(tsconfigBefore, await readFile(tsconfig, 'utf8').catch(() => tsconfigBefore), distDir);
    if (restore !== null) await writeFile(tsconfig, restore);
  }
  if (code !== 0) return code;
  const buildId = await readBuildId(distPath);
  // Inputs read before the build: a file edited while it ran makes the next start rebuild.
  if (inputs && buildId) await writeStamp(distPath, makeStamp(inputs, buildId, new Date()));
  return 0;
}

/** `next build` with this process's stdio; its exit code (128 + n when a signal ended it). */
function nextBuild(dir: string): Promise<number> {
  const nextBin = path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [nextBin, 'build'], { cwd: dir, stdio: 'inherit' });
  // Ctrl-C reaches the whole foreground group; a signal sent to this process alone is passed
  // on, and this process waits for the build to stop before it exits.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

// Run as a script: `tsx scripts/build-if-stale.ts [--force]`; --force builds whatever the
// stamp says (and stamps the result).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = z.array(z.literal('--force')).max(1).safeParse(process.argv.slice(2));
  if (!args.success) {
    console.error('usage: tsx scripts/build-if-stale.ts [--force]');
    process.exit(2);
  }
  buildIfStale({ force: args.data.length === 1 }).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
