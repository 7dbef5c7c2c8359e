import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'next';
import { ConsistencyGuide } from '@/components/guide/consistency-guide';

export const metadata: Metadata = { title: 'Consistent snapshots: the guide' };

// The same file is served for download: the page shows exactly what users get. Read once per
// process (a file of the build, like the page itself), not once per view.
let hookScript: Promise<string> | undefined;

export default async function ConsistencyGuidePage() {
  hookScript ??= readFile(path.join(process.cwd(), 'public', 'fsfreeze-hook-example.sh'), 'utf8').catch((err: unknown) => {
    hookScript = undefined;
    throw err;
  });
  return <ConsistencyGuide hookScript={await hookScript} />;
}
