import { describe, expect, it } from 'vitest';
import { rebaseNextLink, serviceBaseUrl, versionRootUrl } from './client';
import { OpenStackError } from './errors';

describe('serviceBaseUrl', () => {
  it('adds the version segment only when the catalog URL lacks it', () => {
    expect(serviceBaseUrl('identity', 'http://127.0.0.1:5000/v3/')).toBe('http://127.0.0.1:5000/v3');
    expect(serviceBaseUrl('identity', 'http://host:5000')).toBe('http://host:5000/v3');
    expect(serviceBaseUrl('identity', 'http://host/identity')).toBe('http://host/identity/v3');
    expect(serviceBaseUrl('image', 'http://127.0.0.1:9292')).toBe('http://127.0.0.1:9292/v2');
    expect(serviceBaseUrl('image', 'https://image.example/v2/')).toBe('https://image.example/v2');
    expect(serviceBaseUrl('network', 'http://23.253.248.171:9696/')).toBe('http://23.253.248.171:9696/v2.0');
    expect(serviceBaseUrl('compute', 'http://127.0.0.1:8774/v2.1')).toBe('http://127.0.0.1:8774/v2.1');
  });

  it('keeps the project in a compute URL, and drops it for the version root', () => {
    const url = 'http://23.253.248.171:8774/v2.1/a6944d763bf64ee6a275f1263fae0352';
    expect(serviceBaseUrl('compute', url)).toBe(url);
    expect(versionRootUrl('compute', url)).toBe('http://23.253.248.171:8774/v2.1');
  });
});

describe('rebaseNextLink', () => {
  it('rebases a Glance next path on the catalog endpoint', () => {
    expect(rebaseNextLink('image', 'http://host/image', '/v2/images?limit=2&marker=abc')).toBe(
      'http://host/image/v2/images?limit=2&marker=abc',
    );
  });

  it('keeps only path after /v2.1 and query of a Nova link that names another host', () => {
    expect(
      rebaseNextLink('compute', 'https://nova.example:8774/v2.1', 'http://internal-proxy:9999/prefix/v2.1/servers/detail?limit=1&marker=m'),
    ).toBe('https://nova.example:8774/v2.1/servers/detail?limit=1&marker=m');
  });

  it('keeps the project part of a Nova link (sample servers-details-resp v2.100)', () => {
    const href = 'http://openstack.example.com/v2.1/6f70656e737461636b20342065766572/servers/detail?limit=1&marker=f5dc173b-6804-445a-a6d8-c705dad5b5eb';
    expect(rebaseNextLink('compute', 'http://cloud:8774/v2.1/6f70656e737461636b20342065766572', href)).toBe(
      'http://cloud:8774/v2.1/6f70656e737461636b20342065766572/servers/detail?limit=1&marker=f5dc173b-6804-445a-a6d8-c705dad5b5eb',
    );
  });

  it('cannot be steered to another host by protocol-relative or dot-dot links', () => {
    expect(rebaseNextLink('image', 'http://host:9292', '//evil.example/v2/images?marker=x')).toBe('http://host:9292/v2/images?marker=x');
    expect(() => rebaseNextLink('image', 'http://host:9292', '/v2/../../evil')).toThrow(OpenStackError);
    expect(rebaseNextLink('image', 'http://host:9292', '/v2//evil.example/x')).toMatch(/^http:\/\/host:9292\/v2\//);
  });

  it('refuses a link without the version segment', () => {
    expect(() => rebaseNextLink('compute', 'http://h/v2.1', 'http://h/servers/detail?marker=x')).toThrow(/next-page link/);
  });
});
