import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'next';
import { ConsistencyGuide } from '@/components/guide/consistency-guide';

export const metadata: Metadata = { title: 'Consistent snapshots: the guide' };

export default async function ConsistencyGuidePage() {
  // The same file is served for download: the page shows exactly what users get.
  const hookScript = await readFile(path.join(process.cwd(), 'public', 'fsfreeze-hook-example.sh'), 'utf8');
  return <ConsistencyGuide hookScript={hookScript} />;
}
