// Zod probes whether it may compile parsers with `new Function`; under the CSP (no
// 'unsafe-eval') the probe is refused and reported as a securitypolicyviolation although zod
// catches it. Jitless parsing skips the probe.

interface ZodGlobal {
  __zod_globalConfig?: { jitless?: boolean };
}

/** Zod keeps its configuration on `globalThis.__zod_globalConfig` and adopts an object already
 * there (zod/v4/core/core.js); setting it there rather than with `config()` from 'zod' keeps
 * zod's core out of the first load of every page: only dialogs parse with zod in the browser. */
export function makeZodJitless(): void {
  const g = globalThis as ZodGlobal;
  (g.__zod_globalConfig ??= {}).jitless = true;
}
