import { describe, expect, it } from 'vitest';
import { scanBaseImages } from './base-images';

type Img = { id: string; properties: Record<string, string> };
const img = (n: number, snapshot: boolean): Img => ({ id: `i${String(n).padStart(3, '0')}`, properties: snapshot ? { image_type: 'snapshot' } : {} });

/** A fake Glance over `all`, in order, with marker paging like Glance's. */
function glance(all: Img[]) {
  const calls: { marker: string | undefined; size: number }[] = [];
  const fetchPage = async (marker: string | undefined, size: number) => {
    calls.push({ marker, size });
    const start = marker ? all.findIndex((i) => i.id === marker) + 1 : 0;
    const images = all.slice(start, start + size);
    const full = images.length === size && start + size <= all.length;
    return { images, nextMarker: full ? images.at(-1)!.id : null };
  };
  return { fetchPage, calls };
}

describe('scanBaseImages', () => {
  it('skips snapshots across Glance pages and resumes after the last image examined', async () => {
    // 0..29: every third one is a base image.
    const all = Array.from({ length: 30 }, (_, n) => img(n, n % 3 !== 0));
    const g = glance(all);
    const first = await scanBaseImages(g.fetchPage, { limit: 4, pageSize: 5 });
    expect(first.images.map((i) => i.id)).toEqual(['i000', 'i003', 'i006', 'i009']);
    expect(first.nextMarker).toBe('i009');
    expect(first.scan).toEqual({ glancePages: 2, examined: 10, capped: false });
    const second = await scanBaseImages(g.fetchPage, { limit: 4, pageSize: 5, marker: first.nextMarker! });
    expect(second.images.map((i) => i.id)).toEqual(['i012', 'i015', 'i018', 'i021']);
  });

  it('ends with no next marker when Glance has no more pages', async () => {
    const g = glance([img(0, false), img(1, true), img(2, false)]);
    const r = await scanBaseImages(g.fetchPage, { limit: 10, pageSize: 5 });
    expect(r.images).toHaveLength(2);
    expect(r.nextMarker).toBeNull();
    expect(g.calls).toHaveLength(1);
  });

  it('no next marker when the page fills on the very last image', async () => {
    const g = glance([img(0, true), img(1, false), img(2, false)]);
    const r = await scanBaseImages(g.fetchPage, { limit: 2, pageSize: 5 });
    expect(r.nextMarker).toBeNull();
  });

  it('stops at the page cap and says so, with a marker to scan further', async () => {
    const all = Array.from({ length: 100 }, (_, n) => img(n, n !== 90));
    const g = glance(all);
    const r = await scanBaseImages(g.fetchPage, { limit: 5, pageSize: 10, maxPages: 3 });
    expect(r.images).toEqual([]);
    expect(r.scan).toEqual({ glancePages: 3, examined: 30, capped: true });
    expect(r.nextMarker).toBe('i029');
    const further = await scanBaseImages(g.fetchPage, { limit: 5, pageSize: 10, maxPages: 10, marker: r.nextMarker! });
    expect(further.images.map((i) => i.id)).toEqual(['i090']);
  });
});
