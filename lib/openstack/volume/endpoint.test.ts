import { describe, expect, it } from 'vitest';
import { reshapeCatalog, wireCatalogSchema } from '../identity/catalog';
import { fixture } from '../testing/fake-server';
import { volumeEndpointFor } from './endpoint';

describe('volumeEndpointFor', () => {
  const catalog = reshapeCatalog(wireCatalogSchema.parse([
    { type: 'compute', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'http://h:8774/v2.1' }] },
    { type: 'volumev3', name: 'cinderv3', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'http://old:8776/v3/p' }] },
    { type: 'block-storage', name: 'cinder', endpoints: [
      { interface: 'public', region_id: 'RegionOne', url: 'http://127.0.0.1:8776/v3/p/' },
      { interface: 'internal', region_id: 'RegionTwo', url: 'http://10.0.0.2:8776/v3/p' },
    ] },
    { type: 'volumev2', endpoints: [{ interface: 'public', region_id: 'RegionTwo', url: 'http://v2:8776/v2/p' }] },
  ]));

  it('prefers block-storage over volumev3, and never takes a v2 or v1 type', () => {
    expect(volumeEndpointFor(catalog, { region: 'RegionOne', interface: 'public' })).toBe('http://127.0.0.1:8776/v3/p');
    expect(volumeEndpointFor(catalog.filter((s) => s.type !== 'block-storage'), { region: 'RegionOne', interface: 'public' })).toBe('http://old:8776/v3/p');
    expect(volumeEndpointFor(catalog, { region: 'RegionTwo', interface: 'public' })).toBeNull();
    expect(volumeEndpointFor(catalog, { region: 'RegionTwo', interface: 'internal' })).toBe('http://10.0.0.2:8776/v3/p');
  });

  it('gives null for the Zed tier\'s catalog (no Cinder yet)', () => {
    const zed = reshapeCatalog(wireCatalogSchema.parse((fixture('keystone-token-project-scoped.json') as { token: { catalog: unknown } }).token.catalog));
    expect(volumeEndpointFor(zed, { region: 'RegionOne', interface: 'public' })).toBeNull();
  });
});
