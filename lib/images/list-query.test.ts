import { describe, expect, it } from 'vitest';
import { glanceListOptions, listQuerySchema, parsePageQuery, toSearchParams } from './list-query';

const ID = 'b0000001-0000-4000-8000-000000000001';

describe('list query', () => {
  it('defaults to all images, newest first, 25 a page', () => {
    expect(listQuerySchema.parse({})).toEqual({ tab: 'all', sort: 'created_at', dir: 'desc', limit: 25 });
  });

  it('asks Glance for snapshots with image_type=snapshot and lineage as custom-property filters', () => {
    const q = listQuerySchema.parse({ tab: 'snapshots', instance_uuid: ID, sort: 'name', dir: 'asc' });
    expect(glanceListOptions(q)).toEqual({
      limit: 25, sortKey: 'name', sortDir: 'asc', properties: { image_type: 'snapshot', instance_uuid: ID },
    });
    expect(glanceListOptions(listQuerySchema.parse({ tab: 'backups' })).properties).toEqual({ image_type: 'backup' });
    expect(glanceListOptions(listQuerySchema.parse({ base_image_ref: ID })).properties).toEqual({ base_image_ref: ID });
  });

  it('sends no property filter for All and Base images (Glance cannot filter on absence)', () => {
    expect(glanceListOptions(listQuerySchema.parse({ tab: 'base' }))).not.toHaveProperty('properties');
    expect(glanceListOptions(listQuerySchema.parse({}))).not.toHaveProperty('properties');
  });

  it('refuses unknown parameters, bad ids, statuses and sort keys', () => {
    expect(listQuerySchema.safeParse({ image_type: 'snapshot' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ instance_uuid: 'web-1' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ status: 'deleted' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ sort: 'owner' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ limit: '5000' }).success).toBe(false);
  });

  it('round-trips through the page URL, leaving defaults out', () => {
    const q = listQuerySchema.parse({ tab: 'snapshots', instance_uuid: ID, sort: 'size' });
    const params = toSearchParams(q);
    expect(params.toString()).toBe(`tab=snapshots&instance_uuid=${ID}&sort=size`);
    expect(parsePageQuery(params)).toEqual(q);
  });

  it('drops a bad URL parameter instead of breaking the page', () => {
    const q = parsePageQuery(new URLSearchParams(`tab=snapshots&instance_uuid=nope&sort=size&utm=x`));
    expect(q).toMatchObject({ tab: 'snapshots', sort: 'size' });
    expect(q.instance_uuid).toBeUndefined();
  });
});
