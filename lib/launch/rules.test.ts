import { describe, expect, it } from 'vitest';
import { flavorOptions, isWindowsSource, launchSourceOf, orderSources, type ImageLike } from './rules';

const PROJECT = 'p-demo';
const image = (over: Partial<ImageLike> & { id: string }): ImageLike => ({
  name: over.id, status: 'active', visibility: 'private', owner: PROJECT, minDisk: 0, minRam: 0, size: 1,
  createdAt: '2026-01-01T00:00:00Z', properties: {}, ...over,
});

// The seed's flavors (OVHcloud-like) and the seeded weekly snapshot of web-1 (min_disk 50).
const flavors = [
  { id: 'b2-7', name: 'b2-7', vcpus: 2, ram: 7000, disk: 50 },
  { id: 's1-2', name: 's1-2', vcpus: 1, ram: 2000, disk: 10 },
  { id: 'd2-2', name: 'd2-2', vcpus: 1, ram: 2000, disk: 25 },
  { id: 'd2-4', name: 'd2-4', vcpus: 2, ram: 4000, disk: 50 },
  { id: 'zero', name: 'zero-disk', vcpus: 1, ram: 512, disk: 0 },
];

describe('flavorOptions', () => {
  it('disables flavors whose disk is below the source min_disk, with the reason; disk 0 never blocks', () => {
    const snapshot = launchSourceOf(image({ id: 'snap', minDisk: 50, properties: { image_type: 'snapshot' } }), PROJECT);
    const opts = flavorOptions(flavors, snapshot);
    const byId = Object.fromEntries(opts.map((o) => [o.id, o]));
    expect(byId['s1-2']).toMatchObject({ disabled: true, reason: "disk 10 GB is smaller than the image's minimum 50 GB" });
    expect(byId['s1-2']!.label).toBe("s1-2 — 1 vCPU, 2000 MB RAM, 10 GB disk (too small: disk 10 GB is smaller than the image's minimum 50 GB)");
    expect(byId['d2-2']!.disabled).toBe(true);
    expect(byId['d2-4']).toMatchObject({ disabled: false, reason: null });
    expect(byId['b2-7']!.disabled).toBe(false);
    expect(byId.zero).toMatchObject({ disabled: false, label: 'zero-disk — 1 vCPU, 512 MB RAM, disk sized from the image' });
  });

  it('disables flavors below min_ram, also with a disk of 0', () => {
    const opts = flavorOptions(flavors, { minDisk: 0, minRam: 4000 });
    expect(opts.filter((o) => o.disabled).map((o) => o.id)).toEqual(['zero', 's1-2', 'd2-2']);
    expect(opts.find((o) => o.id === 'zero')!.reason).toBe("RAM 512 MB is below the image's minimum 4000 MB");
  });

  it('enables every flavor before a source is chosen, smallest first', () => {
    const opts = flavorOptions(flavors, null);
    expect(opts.every((o) => !o.disabled)).toBe(true);
    expect(opts.map((o) => o.id)).toEqual(['zero', 's1-2', 'd2-2', 'd2-4', 'b2-7']);
  });
});

describe('launchSourceOf', () => {
  it('reads the agent properties as Nova does and knows who owns the image', () => {
    const s = launchSourceOf(image({ id: 'a', properties: { hw_qemu_guest_agent: 'True', os_require_quiesce: 'no', image_type: 'snapshot', instance_uuid: 'srv' } }), PROJECT);
    expect(s).toMatchObject({ kind: 'snapshot', agentChannel: true, requireQuiesce: false, ownedByProject: true, instanceUuid: 'srv' });
    const pub = launchSourceOf(image({ id: 'b', owner: 'admin', visibility: 'public' }), PROJECT);
    expect(pub).toMatchObject({ kind: 'image', agentChannel: false, ownedByProject: false });
  });

  it('recognises Windows sources', () => {
    expect(isWindowsSource({ osType: 'windows', osDistro: null })).toBe(true);
    expect(isWindowsSource({ osType: 'linux', osDistro: 'debian' })).toBe(false);
  });
});

describe('orderSources', () => {
  const list = [
    image({ id: 'i-b', name: 'Ubuntu 24.04' }),
    image({ id: 'bk-1', name: 'web-1-daily', properties: { image_type: 'backup' }, createdAt: '2026-03-01T00:00:00Z' }),
    image({ id: 's-old', name: 'web-1-old', properties: { image_type: 'snapshot' }, createdAt: '2026-01-01T00:00:00Z' }),
    image({ id: 'i-a', name: 'Debian 12' }),
    image({ id: 's-new', name: 'db-1-new', properties: { image_type: 'snapshot' }, createdAt: '2026-02-01T00:00:00Z' }),
  ].map((i) => launchSourceOf(i, PROJECT));

  it('puts snapshots first (newest first), then backups, then images by name, once each', () => {
    expect(orderSources([...list, ...list], '').map((s) => s.id)).toEqual(['s-new', 's-old', 'bk-1', 'i-a', 'i-b']);
  });

  it('filters by name in any case, or by id prefix', () => {
    expect(orderSources(list, 'WEB-1').map((s) => s.id)).toEqual(['s-old', 'bk-1']);
    expect(orderSources(list, 'i-').map((s) => s.id)).toEqual(['i-a', 'i-b']);
  });
});
