import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Image } from '@/lib/openstack/image/images';
import { glanceOrder, mergePages, type GlancePage } from './snapshot-merge';
import { SORT_KEYS } from './list-query';

const image = (id: string, props: Record<string, string>, createdAt: string, name: string | null, size: number | null) =>
  ({ id, name, size, createdAt, properties: props }) as unknown as Image;

/** Glance's list with a marker: the images after the marker image's sort values, filtered. */
function glancePage(all: Image[], keep: (i: Image) => boolean, order: (a: Image, b: Image) => number, marker: string | null, limit: number): GlancePage {
  const sorted = [...all].sort(order);
  const after = marker === null ? sorted : sorted.filter((i) => order(i, all.find((m) => m.id === marker)!) > 0);
  const matching = after.filter(keep);
  const images = matching.slice(0, limit);
  return { images, nextMarker: matching.length > limit ? images[images.length - 1]!.id : null };
}

const tagged = (i: Image) => i.properties.image_type === 'snapshot';
const volumeBacked = (i: Image) => i.properties.bdm_v2 === 'True';

describe('mergePages: the Snapshots tab over two Glance queries', () => {
  it('pages through every snapshot exactly once, in order, whatever the mix and the page size', () => {
    const kinds: Record<string, string>[] = [{ image_type: 'snapshot' }, { bdm_v2: 'True' }, { image_type: 'snapshot', bdm_v2: 'True' }, {}, { image_type: 'backup' }];
    const arbImages = fc.uniqueArray(
      fc.record({ kind: fc.integer({ min: 0, max: kinds.length - 1 }), day: fc.integer({ min: 1, max: 5 }), name: fc.option(fc.constantFrom('a', 'b', 'B', 'c'), { nil: null }), size: fc.option(fc.nat(3), { nil: null }), n: fc.nat(9999) }),
      { selector: (r) => r.n, maxLength: 40 },
    );
    fc.assert(fc.property(arbImages, fc.constantFrom(...SORT_KEYS), fc.constantFrom('asc' as const, 'desc' as const), fc.integer({ min: 1, max: 7 }), (rows, sortKey, dir, limit) => {
      const all = rows.map((r) => image(`00000000-0000-4000-8000-${String(r.n).padStart(12, '0')}`, kinds[r.kind]!, `2026-12-0${r.day}T00:00:00Z`, r.name, r.size));
      const order = glanceOrder(sortKey, dir);
      const expected = all.filter((i) => tagged(i) || volumeBacked(i)).sort(order).map((i) => i.id);
      const seen: string[] = [];
      let marker: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const page = mergePages([glancePage(all, tagged, order, marker, limit), glancePage(all, volumeBacked, order, marker, limit)], order, limit);
        expect(page.images.length).toBeLessThanOrEqual(limit);
        seen.push(...page.images.map((i) => i.id));
        if (page.nextMarker === null) break;
        marker = page.nextMarker;
      }
      expect(seen).toEqual(expected);
    }));
  });

  it('has no next page when both sources are exhausted and nothing is left over', () => {
    const a = image('00000000-0000-4000-8000-000000000001', { image_type: 'snapshot' }, '2026-12-01T00:00:00Z', 'a', 1);
    expect(mergePages([{ images: [a], nextMarker: null }, { images: [a], nextMarker: null }], glanceOrder('created_at', 'desc'), 5)).toEqual({ images: [a], nextMarker: null });
  });
});
