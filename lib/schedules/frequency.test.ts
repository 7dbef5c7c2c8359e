import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronOf, cronProblem, describeFrequency, formatRunTime, frequencyOf, frequencySchema, HOURLY_STEPS, nextRuns, type Frequency } from './frequency';

const at = (iso: string) => new Date(iso);
const isoMinutes = (d: Date) => d.toISOString().slice(0, 16) + 'Z';
const messagesOf = (value: unknown) => {
  const r = frequencySchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

const minuteArb = fc.integer({ min: 0, max: 59 });
const hourArb = fc.integer({ min: 0, max: 23 });
const presetArb: fc.Arbitrary<Frequency> = fc.oneof(
  fc.record({ kind: fc.constant('hourly' as const), everyHours: fc.constantFrom(...HOURLY_STEPS), minute: minuteArb }),
  fc.record({ kind: fc.constant('daily' as const), hour: hourArb, minute: minuteArb }),
  fc.record({ kind: fc.constant('weekly' as const), weekday: fc.integer({ min: 0, max: 6 }), hour: hourArb, minute: minuteArb }),
  fc.record({ kind: fc.constant('monthly' as const), day: fc.integer({ min: 1, max: 28 }), hour: hourArb, minute: minuteArb }),
);
const fromArb = fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2040-12-31T23:59:59Z'), noInvalidDate: true });

describe('frequencySchema', () => {
  it('takes each preset and a cron expression, the expression with its spaces folded', () => {
    for (const f of [
      { kind: 'hourly', everyHours: 6, minute: 15 },
      { kind: 'daily', hour: 2, minute: 0 },
      { kind: 'weekly', weekday: 0, hour: 3, minute: 30 },
      { kind: 'monthly', day: 28, hour: 4, minute: 0 },
    ]) {
      expect(frequencySchema.parse(f)).toEqual(f);
    }
    expect(frequencySchema.parse({ kind: 'cron', expression: '  0  2 *\t* 1-5 ' })).toEqual({ kind: 'cron', expression: '0 2 * * 1-5' });
  });

  it('says what is wrong in sentences for the form', () => {
    expect(messagesOf({ kind: 'daily', hour: 2, minute: 60 })).toEqual(['Enter a minute from 0 to 59.']);
    expect(messagesOf({ kind: 'daily', hour: 2, minute: 1.5 })).toEqual(['Enter a minute from 0 to 59.']);
    expect(messagesOf({ kind: 'daily', hour: 2, minute: '30' })).toEqual(['Enter a minute from 0 to 59.']);
    expect(messagesOf({ kind: 'daily', hour: 24, minute: 0 })).toEqual(['Enter an hour from 0 to 23 (UTC).']);
    expect(messagesOf({ kind: 'weekly', weekday: 7, hour: 2, minute: 0 })).toEqual(['Choose a day of the week.']);
    expect(messagesOf({ kind: 'hourly', everyHours: 5, minute: 0 })).toEqual(['Choose every 1, 2, 3, 4, 6, 8 or 12 hours: these divide the day evenly.']);
    expect(messagesOf({ kind: 'fortnightly' })).toEqual(['Choose how often the backup runs.']);
    expect(messagesOf({ kind: 'cron', expression: ' ' })).toEqual(['Enter a cron expression, such as 30 2 * * * (every day at 02:30 UTC).']);
    expect(messagesOf({ kind: 'cron', expression: '0 2 * * * 2027' })).toEqual(['Snapdeck takes 5 fields: minute hour day month weekday, in UTC (this has 6).']);
    expect(messagesOf({ kind: 'cron', expression: `0 2 ${'1,'.repeat(50)}1 * *` })).toEqual(['At most 100 characters.']);
  });

  it('refuses days 29 to 31 of a monthly preset, saying which months they would skip', () => {
    for (const day of [0, 29, 31]) {
      expect(messagesOf({ kind: 'monthly', day, hour: 4, minute: 0 })).toEqual(['Enter a day from 1 to 28: a backup on day 29, 30 or 31 would skip the months without that day.']);
    }
  });

  it('leaves the once-an-hour floor to cronProblem: a trigger made with allowFrequent reads back', () => {
    expect(frequencySchema.parse({ kind: 'cron', expression: '* * * * *' })).toEqual({ kind: 'cron', expression: '* * * * *' });
    expect(cronProblem('* * * * *')).toMatch(/at most once an hour/);
  });
});

describe('cronProblem', () => {
  it('accepts what Mistral takes and runs at most hourly', () => {
    for (const ok of ['30 2 * * *', '15 */6 * * *', '0 3 * * 0', '0 3 * * 7', '0 4 1 * *', '0 2 * * mon-fri', '0 2 * * MON', '0 0 1 jan *', '0 2 L * *', '0 2 * * 1#2', '0 4 31 * *', '0 0 29 2 *', '5 1,13 * * *', ' 0 2 * * * ']) {
      expect(cronProblem(ok), ok).toBeNull();
    }
  });

  it('takes 5 fields, and says so: no seconds, no year, no @alias', () => {
    expect(cronProblem('0 0 2 * * *')).toBe('Snapdeck takes 5 fields: minute hour day month weekday, in UTC (this has 6).');
    expect(cronProblem('0 2 * *')).toBe('Snapdeck takes 5 fields: minute hour day month weekday, in UTC (this has 4).');
    expect(cronProblem('@daily')).toBe('Snapdeck takes 5 fields: minute hour day month weekday, in UTC: write 0 0 * * * for @daily.');
    expect(cronProblem('@reboot')).toBe('Snapdeck takes 5 fields: minute hour day month weekday, in UTC.');
    expect(cronProblem('')).toBe('Enter a cron expression, such as 30 2 * * * (every day at 02:30 UTC).');
  });

  it('refuses more often than once an hour, saying why, unless allowFrequent (test clouds)', () => {
    for (const often of ['* * * * *', '*/15 * * * *', '0,30 2 * * *', '0-1 3 * * 0']) {
      expect(cronProblem(often), often).toBe(
        'Snapdeck runs a backup at most once an hour: a backup takes minutes, and Nova refuses a new one while the last is still being taken. '
        + 'Give the minute field a single value, such as 15 * * * * (every hour at :15).',
      );
      expect(cronProblem(often, { allowFrequent: true }), often).toBeNull();
    }
    // One minute value: every hour at most, whatever the other fields say.
    expect(cronProblem('59 * * * *')).toBeNull();
  });

  it('refuses dates that never come, in words', () => {
    expect(cronProblem('0 0 31 2 *')).toBe('This pattern never runs: February has no day 31.');
    expect(cronProblem('0 0 30,31 2 *')).toBe('This pattern never runs: February has no day 30 or 31.');
    expect(cronProblem('0 0 31 2,4 *')).toBe('This pattern never runs: February and April have no day 31.');
    // croniter fails on the day half of its OR, so the weekday does not save it.
    expect(cronProblem('0 0 31 2 1')).toBe('This pattern never runs: February has no day 31.');
  });

  it('refuses what croniter refuses, or reads unlike cron-parser, naming the field', () => {
    expect(cronProblem('61 * * * *')).toBe('The minute field “61” is not valid: use 0 to 59, a list such as 0,30, a range such as 1-5 or a step such as */15.');
    expect(cronProblem('0 24 * * *')).toMatch(/^The hour field “24” is not valid: use 0 to 23/);
    expect(cronProblem('0 0 0 * *')).toMatch(/^The day field “0” is not valid: use 1 to 31/);
    expect(cronProblem('0 0 * 13 *')).toMatch(/^The month field “13” is not valid: use 1 to 12 or jan to dec/);
    expect(cronProblem('0 0 * * 8')).toMatch(/^The weekday field “8” is not valid: use 0 to 6 \(0 and 7 are Sunday\) or sun to sat/);
    expect(cronProblem('0 0 * * 5-1')).toMatch(/^The weekday field “5-1” is not valid/);
    expect(cronProblem('*/0 * * * *')).toMatch(/^The minute field “\*\/0” is not valid/);
    expect(cronProblem('0 0 ? * *')).toBe('Mistral does not read “?” in a cron pattern: write * in the day field instead.');
    expect(cronProblem('H 2 * * *')).toBe('Mistral does not read H (hashed) values: write the minute or hour you want.');
    expect(cronProblem('0 0 15W * *')).toBe('Mistral does not read W (the nearest weekday) in the day field.');
    for (const last of ['0 0 * * 5L', '0 0 * * L5']) expect(cronProblem(last), last).toMatch(/^Snapdeck does not take L in the weekday field/);
    expect(cronProblem('0 0 15,L * *')).toMatch(/^The day field “15,L” is not valid: .*or L alone \(the last day of the month\)\.$/);
    expect(cronProblem('0 0 * * 1#6')).toMatch(/^The weekday field “1#6” is not valid: a # value is one weekday and a week from 1 to 5/);
    expect(cronProblem('0 0 * * 1#2,3')).toMatch(/^The weekday field “1#2,3” is not valid/);
    expect(cronProblem('0 0 15 * 1#2')).toBe('Mistral cannot combine a day of the month with a # weekday (such as 1#2): set the day field to *.');
  });

  it('refuses day lists whose 1 March croniter skips (checked against croniter 1.3.5)', () => {
    // croniter: from 2027-02-20, '0 12 */10 2,3 *' (1, 11, 21, 31) runs on 21 February, then 11 March.
    for (const skipping of ['0 12 */10 2,3 *', '0 12 1,30 * *', '0 12 2,31 * *', '0 12 1,29,31 * *']) {
      expect(cronProblem(skipping), skipping).toMatch(/^Mistral would skip 1 March with these days/);
    }
    for (const fine of ['0 12 1,29 * *', '0 12 2,30 * *', '0 12 1,31 4-12 *', '0 12 1,31 1 *']) expect(cronProblem(fine), fine).toBeNull();
  });
});

describe('nextRuns', () => {
  // Each row as croniter 1.3.5 (Debian 12's, Mistral 15's) gives it: croniter(p, from).get_next() ×5.
  const CRONITER: [string, string, string[]][] = [
    ['30 2 * * *', '2026-12-01T20:36:00Z', ['2026-12-02T02:30Z', '2026-12-03T02:30Z', '2026-12-04T02:30Z', '2026-12-05T02:30Z', '2026-12-06T02:30Z']],
    ['15 */6 * * *', '2026-12-01T20:36:00Z', ['2026-12-02T00:15Z', '2026-12-02T06:15Z', '2026-12-02T12:15Z', '2026-12-02T18:15Z', '2026-12-03T00:15Z']],
    ['0 3 * * 0', '2026-12-01T20:36:00Z', ['2026-12-06T03:00Z', '2026-12-13T03:00Z', '2026-12-20T03:00Z', '2026-12-27T03:00Z', '2027-01-03T03:00Z']],
    ['0 4 1 * *', '2026-12-01T20:36:00Z', ['2027-01-01T04:00Z', '2027-02-01T04:00Z', '2027-03-01T04:00Z', '2027-04-01T04:00Z', '2027-05-01T04:00Z']],
    ['0 4 31 * *', '2026-12-01T20:36:00Z', ['2026-12-31T04:00Z', '2027-01-31T04:00Z', '2027-03-31T04:00Z', '2027-05-31T04:00Z', '2027-07-31T04:00Z']],
    ['0 0 29 2 *', '2026-12-01T20:36:00Z', ['2028-02-29T00:00Z', '2032-02-29T00:00Z', '2036-02-29T00:00Z', '2040-02-29T00:00Z', '2044-02-29T00:00Z']],
    ['0 2 L * *', '2027-01-15T00:00:00Z', ['2027-01-31T02:00Z', '2027-02-28T02:00Z', '2027-03-31T02:00Z', '2027-04-30T02:00Z', '2027-05-31T02:00Z']],
    ['0 2 * * 1-5', '2026-12-04T20:00:00Z', ['2026-12-07T02:00Z', '2026-12-08T02:00Z', '2026-12-09T02:00Z', '2026-12-10T02:00Z', '2026-12-11T02:00Z']],
    ['0 2 * * fri-sun', '2026-12-01T20:36:00Z', ['2026-12-04T02:00Z', '2026-12-05T02:00Z', '2026-12-06T02:00Z', '2026-12-11T02:00Z', '2026-12-12T02:00Z']],
    // A full day range is croniter's "*": Mondays only (cron-parser alone would run every day).
    ['0 2 1-31 * 1', '2026-12-01T20:36:00Z', ['2026-12-07T02:00Z', '2026-12-14T02:00Z', '2026-12-21T02:00Z', '2026-12-28T02:00Z', '2027-01-04T02:00Z']],
    ['0 2 */1 * mon', '2026-12-01T20:36:00Z', ['2026-12-07T02:00Z', '2026-12-14T02:00Z', '2026-12-21T02:00Z', '2026-12-28T02:00Z', '2027-01-04T02:00Z']],
    // A restricted day and weekday: either one (Vixie cron's OR).
    ['0 2 1,15 * 1', '2026-12-01T20:36:00Z', ['2026-12-07T02:00Z', '2026-12-14T02:00Z', '2026-12-15T02:00Z', '2026-12-21T02:00Z', '2026-12-28T02:00Z']],
    ['0 2 * * 0-7', '2026-12-01T20:36:00Z', ['2026-12-02T02:00Z', '2026-12-03T02:00Z', '2026-12-04T02:00Z', '2026-12-05T02:00Z', '2026-12-06T02:00Z']],
    ['0 2 * * */2', '2026-12-01T20:36:00Z', ['2026-12-03T02:00Z', '2026-12-05T02:00Z', '2026-12-06T02:00Z', '2026-12-08T02:00Z', '2026-12-10T02:00Z']],
    // croniter reads 1/2 as 1-7/2: Monday, Wednesday, Friday and (7) Sunday.
    ['0 2 * * 1/2', '2026-12-01T20:36:00Z', ['2026-12-02T02:00Z', '2026-12-04T02:00Z', '2026-12-06T02:00Z', '2026-12-07T02:00Z', '2026-12-09T02:00Z']],
    ['0 2 * * 5#3', '2026-12-01T20:36:00Z', ['2026-12-18T02:00Z', '2027-01-15T02:00Z', '2027-02-19T02:00Z', '2027-03-19T02:00Z', '2027-04-16T02:00Z']],
    ['45 1,13 * * *', '2026-12-01T20:36:00Z', ['2026-12-02T01:45Z', '2026-12-02T13:45Z', '2026-12-03T01:45Z', '2026-12-03T13:45Z', '2026-12-04T01:45Z']],
    ['0 12 1,29 * *', '2027-02-20T00:00:00Z', ['2027-03-01T12:00Z', '2027-03-29T12:00Z', '2027-04-01T12:00Z', '2027-04-29T12:00Z', '2027-05-01T12:00Z']],
    ['20/20 * * * *', '2026-12-01T20:36:00Z', ['2026-12-01T20:40Z', '2026-12-01T21:20Z', '2026-12-01T21:40Z', '2026-12-01T22:20Z', '2026-12-01T22:40Z']],
    ['* * * * *', '2026-12-01T20:35:57Z', ['2026-12-01T20:36Z', '2026-12-01T20:37Z', '2026-12-01T20:38Z', '2026-12-01T20:39Z', '2026-12-01T20:40Z']],
    ['0 0 1 JAN *', '2026-12-01T20:36:00Z', ['2027-01-01T00:00Z', '2028-01-01T00:00Z', '2029-01-01T00:00Z', '2030-01-01T00:00Z', '2031-01-01T00:00Z']],
  ];

  it.each(CRONITER)('%s from %s: the times croniter gives', (pattern, from, expected) => {
    expect(nextRuns(pattern, at(from)).map(isoMinutes)).toEqual(expected);
  });

  it('is strictly after `from`, and counts as asked', () => {
    expect(nextRuns('0 2 * * *', at('2026-12-02T02:00:00Z'), 2).map(isoMinutes)).toEqual(['2026-12-03T02:00Z', '2026-12-04T02:00Z']);
    expect(nextRuns('0 2 * * *', at('2026-12-02T01:59:59.999Z'), 1).map(isoMinutes)).toEqual(['2026-12-02T02:00Z']);
    expect(nextRuns('0 2 * * *', at('2026-12-02T00:00:00Z'), 0)).toEqual([]);
  });

  it('gives nothing for what Snapdeck does not read', () => {
    for (const bad of ['0 0 31 2 *', '@daily', '0 0 2 * * *', 'every day', '0 0 ? * *']) expect(nextRuns(bad, at('2026-12-01T00:00:00Z')), bad).toEqual([]);
  });

  it('a preset\'s runs are what its words say, one after the other (property)', () => {
    fc.assert(fc.property(presetArb, fromArb, (f, from) => {
      const runs = nextRuns(cronOf(f), from, 4);
      expect(runs).toHaveLength(4);
      runs.forEach((r, i) => {
        expect(r.getTime()).toBeGreaterThan(i === 0 ? from.getTime() : runs[i - 1]!.getTime());
        expect(r.getUTCSeconds()).toBe(0);
        if (f.kind !== 'cron') expect(r.getUTCMinutes()).toBe(f.minute);
        if (f.kind === 'hourly') expect(r.getUTCHours() % f.everyHours).toBe(0);
        else if (f.kind !== 'cron') expect(r.getUTCHours()).toBe(f.hour);
        if (f.kind === 'weekly') expect(r.getUTCDay()).toBe(f.weekday);
        if (f.kind === 'monthly') expect(r.getUTCDate()).toBe(f.day);
      });
      // Nothing is missed: the first run is within one period of `from`.
      const period = { hourly: f.kind === 'hourly' ? f.everyHours * 3_600_000 : 0, daily: 86_400_000, weekly: 7 * 86_400_000, monthly: 31 * 86_400_000, cron: 0 }[f.kind];
      expect(runs[0]!.getTime() - from.getTime()).toBeLessThanOrEqual(period);
    }));
  });
});

describe('cronOf and frequencyOf', () => {
  it('writes each preset as Mistral reads it', () => {
    expect(cronOf({ kind: 'hourly', everyHours: 1, minute: 5 })).toBe('5 * * * *');
    expect(cronOf({ kind: 'hourly', everyHours: 6, minute: 15 })).toBe('15 */6 * * *');
    expect(cronOf({ kind: 'daily', hour: 2, minute: 0 })).toBe('0 2 * * *');
    expect(cronOf({ kind: 'weekly', weekday: 0, hour: 3, minute: 30 })).toBe('30 3 * * 0');
    expect(cronOf({ kind: 'monthly', day: 1, hour: 4, minute: 0 })).toBe('0 4 1 * *');
    expect(cronOf({ kind: 'cron', expression: '0 2 * * 1-5' })).toBe('0 2 * * 1-5');
  });

  it('recognises only the patterns cronOf writes', () => {
    expect(frequencyOf('15 */6 * * *')).toEqual({ kind: 'hourly', everyHours: 6, minute: 15 });
    expect(frequencyOf('30 3 * * 0')).toEqual({ kind: 'weekly', weekday: 0, hour: 3, minute: 30 });
    for (const other of ['30 3 * * 7', '00 02 * * *', '0 */1 * * *', '0 */5 * * *', '0 4 29 * *', '0 2  * * *', ' 0 2 * * *', '0 2 * * sun', '0 2 * 1 *']) {
      expect(frequencyOf(other), other).toEqual({ kind: 'cron', expression: other });
    }
  });

  it('round-trips: a preset through its pattern, and any string through frequencyOf (property)', () => {
    fc.assert(fc.property(presetArb, (f) => {
      expect(frequencyOf(cronOf(f))).toEqual(f);
      expect(cronProblem(cronOf(f))).toBeNull();
      expect(frequencySchema.parse(f)).toEqual(f);
    }));
    const token = fc.constantFrom('*', '0', '00', '5', '15', '23', '24', '28', '29', '59', '*/6', '*/5', '*/1', '1-5', 'L', 'sun');
    const patterns = fc.oneof(fc.string(), fc.array(token, { minLength: 5, maxLength: 5 }).map((t) => t.join(' ')));
    fc.assert(fc.property(patterns, (s) => {
      expect(cronOf(frequencyOf(s))).toBe(s);
    }));
  });
});

describe('describeFrequency', () => {
  it('says each preset in words, with UTC', () => {
    expect(describeFrequency({ kind: 'daily', hour: 2, minute: 0 })).toBe('Every day at 02:00 UTC');
    expect(describeFrequency({ kind: 'hourly', everyHours: 6, minute: 15 })).toBe('Every 6 hours at :15 (UTC)');
    expect(describeFrequency({ kind: 'hourly', everyHours: 1, minute: 0 })).toBe('Every hour at :00 (UTC)');
    expect(describeFrequency({ kind: 'weekly', weekday: 0, hour: 3, minute: 30 })).toBe('Every Sunday at 03:30 UTC');
    expect(describeFrequency({ kind: 'monthly', day: 1, hour: 4, minute: 0 })).toBe('On day 1 of every month at 04:00 UTC');
  });

  it('says a simple cron pattern plainly, and quotes the rest', () => {
    const words = (expression: string) => describeFrequency({ kind: 'cron', expression });
    expect(words('0 2 * * *')).toBe('Every day at 02:00 UTC');
    expect(words('00 02 * * 7')).toBe('Every Sunday at 02:00 UTC');
    expect(words('0 2 * * 1-5')).toBe('Every Monday to Friday at 02:00 UTC');
    expect(words('0 2 * * mon,thu')).toBe('Every Monday and Thursday at 02:00 UTC');
    expect(words('45 1,13 * * *')).toBe('Every day at 01:45 and 13:45 UTC');
    expect(words('0 4 L * *')).toBe('On the last day of every month at 04:00 UTC');
    expect(words('0 4 31 * *')).toBe('On day 31 of every month at 04:00 UTC (months without a day 31 are skipped)');
    expect(words('* * * * *')).toBe('Every minute (UTC)');
    expect(words('*/15 * * * *')).toBe('Every 15 minutes (UTC)');
    // Every 5 hours is no preset (its last gap is 4 hours), and the words show why.
    expect(words('0 */5 * * *')).toBe('Every day at 00:00, 05:00, 10:00, 15:00 and 20:00 UTC');
    expect(words('0 1-23/2 * * *')).toBe('Cron `0 1-23/2 * * *` (UTC)');
    expect(words('0 2 1,15 * 1')).toBe('Cron `0 2 1,15 * 1` (UTC)');
    expect(words('0 2 * 1 *')).toBe('Cron `0 2 * 1 *` (UTC)');
    expect(words('not a pattern')).toBe('Cron `not a pattern` (UTC)');
  });
});

describe('formatRunTime', () => {
  const run = at('2026-12-07T02:00:00Z');

  it('writes the wall-clock time of the zone, 24-hour, English names', () => {
    expect(formatRunTime(run, 'UTC')).toBe('Mon 7 Dec 2026, 02:00');
    expect(formatRunTime(run, 'Europe/Paris')).toBe('Mon 7 Dec 2026, 03:00');
    expect(formatRunTime(run, 'Asia/Kolkata')).toBe('Mon 7 Dec 2026, 07:30');
    expect(formatRunTime(run, 'America/Los_Angeles')).toBe('Sun 6 Dec 2026, 18:00');
    expect(formatRunTime(at('2027-09-01T00:05:00Z'), 'UTC')).toBe('Wed 1 Sep 2027, 00:05');
  });

  it('throws for a zone the runtime does not know', () => {
    expect(() => formatRunTime(run, 'Mars/Olympus')).toThrow(RangeError);
  });
});
