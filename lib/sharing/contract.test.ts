import { describe, expect, it } from 'vitest';
import { glanceListOptions, listQuerySchema, toSearchParams } from '@/lib/images/list-query';
import { bulkFlagBodySchema, projectIdSchema, shareCommands } from './contract';

describe('sharing contract', () => {
  it('takes a project ID with or without hyphens and sends Keystone\'s form', () => {
    expect(projectIdSchema.parse('3F1C0B7E-9A2D-4C6E-8F0A-1B2C3D4E5F60')).toBe('3f1c0b7e9a2d4c6e8f0a1b2c3d4e5f60');
    expect(projectIdSchema.parse(' 3f1c0b7e9a2d4c6e8f0a1b2c3d4e5f60 ')).toBe('3f1c0b7e9a2d4c6e8f0a1b2c3d4e5f60');
    for (const bad of ['demo', '3f1c0b7e9a2d4c6e8f0a1b2c3d4e5f6', '../3f1c0b7e9a2d4c6e8f0a1b2c3d4e5f60', '']) expect(projectIdSchema.safeParse(bad).success).toBe(false);
  });

  it('refuses a bulk flag on nothing, twice the same image, or another attribute', () => {
    const id = '0ae74cc5-5147-4239-9ce2-b0c580f7067e';
    expect(bulkFlagBodySchema.safeParse({ ids: [id], flag: 'hidden', value: true }).success).toBe(true);
    expect(bulkFlagBodySchema.safeParse({ ids: [], flag: 'hidden', value: true }).success).toBe(false);
    expect(bulkFlagBodySchema.safeParse({ ids: [id, id], flag: 'protected', value: true }).success).toBe(false);
    expect(bulkFlagBodySchema.safeParse({ ids: [id], flag: 'visibility', value: true }).success).toBe(false);
  });

  it('Shared with me asks Glance for visibility=shared&member_status=all; Show hidden for os_hidden=true', () => {
    expect(glanceListOptions(listQuerySchema.parse({ tab: 'shared' }))).toMatchObject({ visibility: 'shared', memberStatus: 'all' });
    expect(glanceListOptions(listQuerySchema.parse({ hidden: 'true' }))).toMatchObject({ hidden: true });
    expect(glanceListOptions(listQuerySchema.parse({}))).not.toHaveProperty('hidden');
    expect(toSearchParams(listQuerySchema.parse({ tab: 'shared', hidden: 'true' })).toString()).toBe('tab=shared&hidden=true');
  });

  it('gives both sides of the CLI', () => {
    expect(shareCommands('i', 'p')).toEqual({ owner: 'openstack image add project i p', member: 'openstack image set --accept i' });
  });
});
