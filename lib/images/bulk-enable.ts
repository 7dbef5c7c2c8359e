// "Enable on all my private images": hw_qemu_guest_agent=yes on every private image the
// project owns that lacks it. Glance lists them (owner=<project>&visibility=private, every
// page up to a cap); each image is patched on its own, and a failure does not stop the rest.
import type { Connection } from '@/lib/openstack/client';
import { listImages, updateImage, type Image } from '@/lib/openstack/image/images';
import { runEach } from './batch';
import { lacksAgent, togglePatch } from './consistency-props';
import type { BatchResponse } from '@/lib/images/contract';

export const ENABLE_PAGE_SIZE = 1000;
export const ENABLE_MAX_PAGES = 20;

export interface EnableDeps<T> {
  listPage: (marker: string | undefined) => Promise<{ images: T[]; nextMarker: string | null }>;
  patch: (image: T) => Promise<void>;
}

export async function enableAgentOnAll<T extends { id: string; name: string; properties: Record<string, string> }>(
  deps: EnableDeps<T>,
  maxPages = ENABLE_MAX_PAGES,
): Promise<BatchResponse & { note: string | null }> {
  const candidates: T[] = [];
  let skipped = 0;
  let marker: string | undefined;
  let pages = 0;
  let note: string | null = null;
  for (;;) {
    const page = await deps.listPage(marker);
    pages++;
    for (const image of page.images) {
      if (lacksAgent(image)) candidates.push(image);
      else skipped++;
    }
    if (page.nextMarker === null || page.images.length === 0) break;
    if (pages >= maxPages) {
      note = `Stopped listing after ${pages} pages of Glance; images beyond them were not looked at.`;
      break;
    }
    marker = page.nextMarker;
  }
  const results = await runEach(candidates, async (image) => {
    await deps.patch(image);
    return 'hw_qemu_guest_agent set to yes';
  });
  return { results, skipped, note };
}

export function enableAgentForProject(conn: Connection, projectId: string) {
  return enableAgentOnAll<Image & { name: string }>({
    listPage: async (marker) => {
      const page = await listImages(conn, {
        owner: projectId, visibility: 'private', limit: ENABLE_PAGE_SIZE, sortKey: 'created_at', sortDir: 'desc', ...(marker ? { marker } : {}),
      });
      return { images: page.images.map((i) => ({ ...i, name: i.name ?? '' })), nextMarker: page.nextMarker };
    },
    patch: async (image) => {
      await updateImage(conn, image.id, togglePatch(image, { property: 'hw_qemu_guest_agent', enabled: true }));
    },
  });
}
