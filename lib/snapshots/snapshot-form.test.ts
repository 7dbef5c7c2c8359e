import { describe, expect, it } from 'vitest';
import { createImageOptsSchema } from '@/lib/openstack/compute/servers';
import { defaultSnapshotName, hasErrors, snapshotBody, snapshotCli, validateSnapshotForm } from './snapshot-form';
import { shellQuote } from '@/lib/shell-quote';

describe('defaultSnapshotName', () => {
  it('is <instance>-snapshot-<YYYY-MM-DD>', () => {
    expect(defaultSnapshotName('web-1', new Date(2026, 10, 5))).toBe('web-1-snapshot-2026-11-05');
  });
  it('fits 255 characters for a long instance name', () => {
    expect(defaultSnapshotName('x'.repeat(255), new Date(2026, 0, 1))).toHaveLength(255);
  });
});

describe('validateSnapshotForm agrees with the route\'s (client\'s) schema', () => {
  const cases: [string, { key: string; value: string }[]][] = [
    ['ok', []],
    ['', []],
    ['   ', []],
    ['n'.repeat(255), []],
    ['n'.repeat(256), []],
    ['ok', [{ key: 'purpose', value: 'é'.repeat(127) }]],
    ['ok', [{ key: 'purpose', value: 'é'.repeat(128) }]],
    ['ok', [{ key: 'k'.repeat(256), value: 'v' }]],
    ['ok', [{ key: '', value: 'orphan value' }]],
  ];
  it.each(cases)('name %j, metadata %j', (name, rows) => {
    const browserOk = !hasErrors(validateSnapshotForm(name, rows));
    const routeOk = createImageOptsSchema.safeParse({ name, ...(rows.length ? { metadata: Object.fromEntries(rows.map((r) => [r.key, r.value])) } : {}) }).success;
    expect(browserOk).toBe(routeOk);
  });
  it('refuses duplicate keys (an object would silently keep one)', () => {
    expect(validateSnapshotForm('ok', [{ key: 'a', value: '1' }, { key: 'a', value: '2' }]).rows[1]).toMatch(/already used/);
  });
  it('ignores blank rows', () => {
    expect(hasErrors(validateSnapshotForm('ok', [{ key: '', value: '' }]))).toBe(false);
    expect(snapshotBody(' snap ', [{ key: '', value: '' }])).toEqual({ name: 'snap' });
  });
});

describe('snapshotCli', () => {
  it('is the openstack command with the name quoted for the shell', () => {
    expect(snapshotCli('b0000001-0000-4000-8000-000000000001', 'web-1-snapshot-2026-11-05', []))
      .toBe('openstack server image create --name web-1-snapshot-2026-11-05 b0000001-0000-4000-8000-000000000001');
    expect(snapshotCli('id', "it's mine", [{ key: 'purpose', value: 'before upgrade' }]))
      .toBe(`openstack server image create --name 'it'\\''s mine' --property 'purpose=before upgrade' id`);
  });
  it('for a volume-backed instance, sets instance_uuid and image_type as Snapdeck does', () => {
    expect(snapshotCli('b0000001-0000-4000-8000-000000000007', 'v', [{ key: 'image_type', value: 'mine' }, { key: 'purpose', value: 'x' }], true))
      .toBe('openstack server image create --name v --property purpose=x --property instance_uuid=b0000001-0000-4000-8000-000000000007 --property image_type=snapshot b0000001-0000-4000-8000-000000000007');
  });
  it('quotes shell metacharacters', () => {
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
  });
});
