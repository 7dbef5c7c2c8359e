import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError } from '../errors';
import { fixture } from '../testing/fake-server';
import { endpointsFor, regionsOf, reshapeCatalog, wireCatalogSchema, workflowEndpointFor, type CatalogService } from './catalog';

const catalogOf = (name: string): CatalogService[] =>
  reshapeCatalog(wireCatalogSchema.parse((fixture(name) as { token: { catalog: unknown } }).token.catalog));

const zed = catalogOf('keystone-token-project-scoped.json');
const full = catalogOf('keystone-token-full-catalog.json');

const twoRegions: CatalogService[] = [
  {
    type: 'compute', name: 'nova', endpoints: [
      { interface: 'public', region: 'GRA11', url: 'https://compute.gra11.example/v2.1/p1' },
      { interface: 'internal', region: 'GRA11', url: 'http://10.0.0.1:8774/v2.1/p1' },
      { interface: 'public', region: 'BHS5', url: 'https://compute.bhs5.example/v2.1/p1' },
    ],
  },
  {
    type: 'image', name: 'glance', endpoints: [
      { interface: 'public', region: 'GRA11', url: 'https://image.gra11.example/' },
      { interface: 'internal', region: 'GRA11', url: 'http://10.0.0.1:9292' },
      { interface: 'public', region: 'BHS5', url: 'https://image.bhs5.example' },
    ],
  },
  { type: 'network', name: 'neutron', endpoints: [{ interface: 'public', region: 'GRA11', url: 'https://network.gra11.example/' }] },
  { type: 'identity', name: 'keystone', endpoints: [{ interface: 'public', region: 'GRA11', url: 'https://auth.example/v3/' }] },
  { type: 'object-store', name: 'swift', endpoints: [{ interface: 'public', region: 'SBG5', url: 'https://storage.sbg5.example' }] },
];

describe('regionsOf', () => {
  it('lists regions with both compute and image', () => {
    expect(regionsOf(twoRegions)).toEqual(['BHS5', 'GRA11']);
    expect(regionsOf(zed)).toEqual(['RegionOne']);
  });
});

describe('endpointsFor', () => {
  it('picks the region and interface asked for', () => {
    expect(endpointsFor(twoRegions, { region: 'GRA11', interface: 'public' })).toEqual({
      identity: 'https://auth.example/v3',
      compute: 'https://compute.gra11.example/v2.1/p1',
      image: 'https://image.gra11.example',
      network: 'https://network.gra11.example',
    });
    expect(endpointsFor(twoRegions, { region: 'GRA11', interface: 'internal', authUrl: 'https://auth.example/v3' })).toMatchObject({
      compute: 'http://10.0.0.1:8774/v2.1/p1', image: 'http://10.0.0.1:9292', network: null,
    });
  });

  it('gives network null for a Zed cloud without Neutron, and prefers the auth URL for identity', () => {
    expect(endpointsFor(zed, { region: 'RegionOne', interface: 'public', authUrl: 'http://127.0.0.1:5000' })).toEqual({
      identity: 'http://127.0.0.1:5000', compute: 'http://127.0.0.1:8774/v2.1', image: 'http://127.0.0.1:9292', network: null,
    });
  });

  it('reads the 13-service sample catalog (compute, not compute_legacy)', () => {
    expect(endpointsFor(full, { region: 'RegionOne', interface: 'admin' })).toEqual({
      identity: 'http://example.com/identity_v2_admin/v2.0',
      compute: 'http://23.253.248.171:8774/v2.1/a6944d763bf64ee6a275f1263fae0352',
      image: 'http://23.253.248.171:9292',
      network: 'http://23.253.248.171:9696',
    });
  });

  it('names the missing service and region', () => {
    const err = (() => {
      try {
        endpointsFor(twoRegions, { region: 'SBG5', interface: 'public' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(OpenStackCapabilityError);
    expect((err as OpenStackCapabilityError).safeMessage).toBe("The cloud's catalog has no compute endpoint in region SBG5 (public interface).");
  });
});

describe('workflowEndpointFor', () => {
  const withMistral: CatalogService[] = [
    ...twoRegions,
    {
      type: 'workflowv2', name: 'mistral', endpoints: [
        { interface: 'public', region: 'GRA11', url: 'http://127.0.0.1:8989/v2/' },
        { interface: 'internal', region: 'GRA11', url: 'http://10.0.0.1:8989/v2' },
      ],
    },
  ];

  it('picks the workflowv2 endpoint of the region and interface, without its trailing slash', () => {
    expect(workflowEndpointFor(withMistral, { region: 'GRA11', interface: 'public' })).toBe('http://127.0.0.1:8989/v2');
    expect(workflowEndpointFor(withMistral, { region: 'GRA11', interface: 'internal' })).toBe('http://10.0.0.1:8989/v2');
  });

  it('is null where there is no Mistral (another region, the Zed capture), and leaves endpointsFor as it was', () => {
    expect(workflowEndpointFor(withMistral, { region: 'BHS5', interface: 'public' })).toBeNull();
    expect(workflowEndpointFor(zed, { region: 'RegionOne', interface: 'public' })).toBeNull();
    expect(endpointsFor(withMistral, { region: 'GRA11', interface: 'public' })).not.toHaveProperty('workflow');
  });
});
