import { describe, expect, it } from 'vitest';
import { apiQueryOfView, searchOfView } from './list-query';
import { viewFromSearch } from './view';
import { listInstancesQuery } from './contract';

const ID = 'b0000001-0000-4000-8000-000000000001';

describe('the Instances view', () => {
  it('reads the URL, falling back to defaults for anything unexpected', () => {
    expect(viewFromSearch({})).toEqual({ name: '', status: '', sort: 'created', dir: 'desc', limit: 20, highlight: [] });
    expect(viewFromSearch({ name: 'web', status: 'SHUTOFF', sort: 'name', dir: 'asc', limit: '50', highlight: `${ID},nope` }))
      .toEqual({ name: 'web', status: 'SHUTOFF', sort: 'name', dir: 'asc', limit: 50, highlight: [ID] });
    expect(viewFromSearch({ status: 'NOPE', sort: 'size', dir: 'up', limit: '7', name: ['a', 'b'] }))
      .toEqual({ name: 'a', status: '', sort: 'created', dir: 'desc', limit: 20, highlight: [] });
  });

  it('round-trips through the page URL', () => {
    const v = viewFromSearch({ name: 'a b', status: 'ERROR', sort: 'name', limit: '100', highlight: ID });
    expect(viewFromSearch(Object.fromEntries(new URLSearchParams(searchOfView(v))))).toEqual(v);
    expect(searchOfView(viewFromSearch({}))).toBe('');
  });

  it('asks the API with a query its route accepts', () => {
    const v = viewFromSearch({ name: 'web', status: 'ACTIVE', sort: 'name', dir: 'asc', limit: '50' });
    const q = listInstancesQuery.parse(Object.fromEntries(apiQueryOfView(v, ID)));
    expect(q).toEqual({ limit: 50, marker: ID, name: 'web', status: 'ACTIVE', sort: 'name', dir: 'asc' });
  });
});
