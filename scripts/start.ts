// `npm start`: `next build` when the build in the dist dir is not current, then the server, in
// one process. Two processes (`tsx scripts/build-if-stale.ts && tsx scripts/serve.ts start`)
// cost about 1 s more CPU on this 2-core machine, a sixth of a second start; package.json runs
// it with `node --import tsx` rather than the tsx CLI, which adds a parent process (another
// ~0.6 s of CPU). Measured with scripts/bench/start.ts.
import { buildIfStale } from './build-if-stale';

const code = await buildIfStale();
if (code !== 0) process.exit(code);
// scripts/serve.ts reads its mode from argv[2] and runs on import.
process.argv.splice(2, process.argv.length, 'start');
await import('./serve');
