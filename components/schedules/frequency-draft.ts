// The Frequency fields as the form holds them (text, as typed) and the Frequency they make.
// Pure: the form turns a draft into the value the route's frequencySchema reads, so that a
// half-typed time is the schema's error on its field, not a silent default.
import { cronOf, type Frequency } from '@/lib/schedules/frequency';

export interface FrequencyDraft {
  kind: Frequency['kind'];
  everyHours: string;
  /** For every N hours: the minute past the hour. */
  minute: string;
  /** HH:MM, UTC: daily, weekly and monthly. */
  time: string;
  weekday: string;
  day: string;
  expression: string;
}

export const FREQUENCY_KINDS: readonly { kind: Frequency['kind']; label: string }[] = [
  { kind: 'hourly', label: 'Every few hours' },
  { kind: 'daily', label: 'Daily' },
  { kind: 'weekly', label: 'Weekly' },
  { kind: 'monthly', label: 'Monthly' },
  { kind: 'cron', label: 'Cron expression (for experts)' },
];

const two = (n: number) => String(n).padStart(2, '0');

export const DEFAULT_DRAFT: FrequencyDraft = { kind: 'daily', everyHours: '6', minute: '0', time: '02:00', weekday: '0', day: '1', expression: '0 2 * * *' };

/** The fields that show `f` (the others keep their defaults, for a switch of kind). */
export function draftOf(f: Frequency): FrequencyDraft {
  const d = { ...DEFAULT_DRAFT, kind: f.kind, expression: cronOf(f) };
  switch (f.kind) {
    case 'hourly':
      return { ...d, everyHours: String(f.everyHours), minute: String(f.minute) };
    case 'daily':
      return { ...d, time: `${two(f.hour)}:${two(f.minute)}` };
    case 'weekly':
      return { ...d, time: `${two(f.hour)}:${two(f.minute)}`, weekday: String(f.weekday) };
    case 'monthly':
      return { ...d, time: `${two(f.hour)}:${two(f.minute)}`, day: String(f.day) };
    case 'cron':
      return d;
  }
}

/** A whole number as typed, or NaN (which the schema refuses in words). */
const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

function clock(time: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : { hour: Number.NaN, minute: Number.NaN };
}

/** What frequencySchema is given for these fields. */
export function frequencyInput(d: FrequencyDraft): unknown {
  switch (d.kind) {
    case 'hourly':
      return { kind: 'hourly', everyHours: whole(d.everyHours), minute: whole(d.minute) };
    case 'daily':
      return { kind: 'daily', ...clock(d.time) };
    case 'weekly':
      return { kind: 'weekly', weekday: whole(d.weekday), ...clock(d.time) };
    case 'monthly':
      return { kind: 'monthly', day: whole(d.day), ...clock(d.time) };
    case 'cron':
      return { kind: 'cron', expression: d.expression };
  }
}
