import { describe, expect, it } from 'vitest';
import { OpenStackError } from '@/lib/openstack/errors';
import { enableAgentOnAll } from './bulk-enable';

type Img = { id: string; name: string; properties: Record<string, string> };
const img = (id: string, properties: Record<string, string> = {}): Img => ({ id, name: id, properties });

describe('enableAgentOnAll', () => {
  it('follows every page, patches only images lacking the property, and lists a failure without stopping', async () => {
    const pages: Record<string, { images: Img[]; nextMarker: string | null }> = {
      first: { images: [img('a'), img('b', { hw_qemu_guest_agent: 'yes' }), img('c', { hw_qemu_guest_agent: 'no' })], nextMarker: 'c' },
      c: { images: [img('d'), img('e')], nextMarker: null },
    };
    const patched: string[] = [];
    const out = await enableAgentOnAll<Img>({
      listPage: async (marker) => pages[marker ?? 'first']!,
      patch: async (image) => {
        if (image.id === 'd') throw new OpenStackError({ service: 'image', method: 'PATCH', status: 500, kind: 'http', safeMessage: 'Injected fault: Internal Server Error.' });
        patched.push(image.id);
      },
    });
    expect(patched.sort()).toEqual(['a', 'c', 'e']);
    expect(out.skipped).toBe(1);
    expect(out.results.map((r) => [r.id, r.ok])).toEqual([['a', true], ['c', true], ['d', false], ['e', true]]);
    expect(out.results[2]!.message).toContain('Injected fault');
    expect(out.note).toBeNull();
  });

  it('stops listing at the cap and says so', async () => {
    let calls = 0;
    const out = await enableAgentOnAll<Img>({
      listPage: async () => ({ images: [img(`x${++calls}`)], nextMarker: `x${calls}` }),
      patch: async () => undefined,
    }, 3);
    expect(calls).toBe(3);
    expect(out.results).toHaveLength(3);
    expect(out.note).toMatch(/Stopped listing after 3 pages/);
  });
});
