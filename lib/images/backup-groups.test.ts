import { expect, it } from 'vitest';
import { groupBackups } from './backup-groups';

const b = (name: string, instance: string, type: string, day: number) => ({
  name, createdAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`, properties: { image_type: 'backup', instance_uuid: instance, backup_type: type },
});

it('groups backups by instance and type, newest group first, newest backup first', () => {
  const groups = groupBackups([
    b('w-daily-1', 'web', 'daily', 1), b('d-weekly', 'db', 'weekly', 3), b('w-daily-2', 'web', 'daily', 2),
    b('w-weekly', 'web', 'weekly', 4), { name: 'odd', createdAt: '2026-01-05T00:00:00Z', properties: { image_type: 'backup' } },
  ]);
  expect(groups.map((g) => [g.instanceUuid, g.backupType, g.backups.map((x) => x.name)])).toEqual([
    [null, null, ['odd']],
    ['web', 'weekly', ['w-weekly']],
    ['db', 'weekly', ['d-weekly']],
    ['web', 'daily', ['w-daily-2', 'w-daily-1']],
  ]);
});
