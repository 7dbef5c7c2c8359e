// The stylesheets of the production build, as CSP hashes. next.config.js inlines the CSS
// into each page (experimental.inlineCss), and Next.js gives those <style> elements no
// nonce; the policy allows exactly these stylesheets by their sha256 instead. They are
// fixed per build, so they are read once per process.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

function cssFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return cssFiles(p);
    return e.name.endsWith('.css') ? [p] : [];
  });
}

/** `'sha256-…'` for each CSS file the build emitted, sorted. */
export function builtStyleHashes(distDir: string = process.env.SNAPDECK_DIST_DIR || '.next', root: string = process.cwd()): string[] {
  return cssFiles(path.join(root, distDir, 'static'))
    .map((f) => `'sha256-${createHash('sha256').update(readFileSync(f)).digest('base64')}'`)
    .sort();
}
