import { expect, it } from 'vitest';
import { ownerNameOf } from './dto';

const project = { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'demo' };

it('names the owner: the session project, Nova’s owner_project_name, else a short id', () => {
  expect(ownerNameOf({ owner: project.id, properties: {} }, project)).toBe('demo');
  expect(ownerNameOf({ owner: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', properties: { owner_project_name: 'ops' } }, project)).toBe('ops');
  // owner_project_name is the instance's project: not the owner's when owner_id differs.
  expect(ownerNameOf({ owner: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', properties: { owner_project_name: 'ops', owner_id: 'cccc' } }, project)).toBe('bbbbbbbb');
  expect(ownerNameOf({ owner: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', properties: {} }, project)).toBe('bbbbbbbb');
  expect(ownerNameOf({ owner: null, properties: {} }, project)).toBe('—');
});
