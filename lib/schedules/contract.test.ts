import { describe, expect, it } from 'vitest';
import { createSchedulesBodySchema, crontabLine, scheduleInputSchema } from './contract';

const SERVER = 'b0000001-0000-4000-8000-000000000001';
const base = { instanceId: SERVER, frequency: { kind: 'daily', hour: 2, minute: 30 }, backupType: 'daily', keep: 7, prefix: 'web-1' } as const;

describe('the schedule contract', () => {
  it('gives the crontab line of a schedule: the UTC pattern, then the CLI with quoting', () => {
    expect(crontabLine(base, { id: SERVER })).toBe(`30 2 * * * openstack --os-cloud mycloud server backup create --name web-1-daily --type daily --rotate 7 ${SERVER}`);
    expect(crontabLine({ ...base, prefix: "it's web" }, { id: SERVER })).toContain(`--name 'it'\\''s web-daily'`);
  });

  it('escapes % in the crontab line, which cron would read as a newline', () => {
    const line = crontabLine({ ...base, prefix: 'web 100%' }, { id: SERVER });
    expect(line).toContain('100\\%');
    expect(line.replaceAll('\\%', '')).not.toContain('%');
  });

  it('keeps backup types to plain words (they go to a Glance filter and a crontab line)', () => {
    expect(scheduleInputSchema.safeParse({ ...base, backupType: 'weekly-2' }).success).toBe(true);
    for (const bad of ['', 'a b', 'x;rm', 'é', '-daily', 'x'.repeat(65)]) {
      expect(scheduleInputSchema.safeParse({ ...base, backupType: bad }).success, bad).toBe(false);
    }
  });

  it('refuses a set for two instances, or two schedules of one type (they would share a rotation)', () => {
    expect(createSchedulesBodySchema.safeParse({ schedules: [base, { ...base, backupType: 'weekly' }] }).success).toBe(true);
    expect(createSchedulesBodySchema.safeParse({ schedules: [base, { ...base, backupType: ' daily' }] }).success).toBe(false);
    expect(createSchedulesBodySchema.safeParse({ schedules: [base, { ...base, backupType: 'weekly', instanceId: 'b0000001-0000-4000-8000-000000000002' }] }).success).toBe(false);
    expect(createSchedulesBodySchema.safeParse({ schedules: [] }).success).toBe(false);
  });
});
