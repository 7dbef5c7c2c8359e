// How often a schedule runs: the form's presets, the cron pattern Mistral runs (5 fields, in
// UTC, read by croniter: mistral/services/triggers.py), and both in words. Browser-safe.
//
// Snapdeck reads a cron pattern itself, into sets of values, and accepts only what croniter
// 1.3.5 (Debian 12's, under Mistral 15) and cron-parser read alike. cron-parser is then given
// those plain sets, only to find the next times. Where they differ:
//   - croniter counts a day or weekday field that covers every value (1-31, 0-6, */1) as "*";
//     cron-parser only a literal "*". It matters because a restricted day AND weekday fire
//     on either (Vixie cron's OR), so full sets are written back as "*";
//   - croniter refuses "?", H, W and 5L (it has L5), and a day of the month that no chosen
//     month has (0 0 31 2 1 included: the day half of its OR fails); cron-parser takes them;
//   - croniter skips days: 1 March after a listed 30 or 31 (see croniterSkipsMarch), and L's
//     day when L stands in a list; # beside a day of the month never runs. Refused too;
//   - a sixth field is seconds last for croniter, first for cron-parser: 5 fields only.
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

export const HOURLY_STEPS = [1, 2, 3, 4, 6, 8, 12] as const;
export type HourlyStep = (typeof HOURLY_STEPS)[number];

export type Frequency =
  | { kind: 'hourly'; everyHours: HourlyStep; minute: number }
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'weekly'; weekday: number /* 0 = Sunday … 6 */; hour: number; minute: number }
  | { kind: 'monthly'; day: number /* 1–28 */; hour: number; minute: number }
  | { kind: 'cron'; expression: string };

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Mistral keeps a trigger's pattern in a String(100) column. */
export const CRON_MAX_LENGTH = 100;

// ---------------------------------------------------------------- the form's schema

const EMPTY = 'Enter a cron expression, such as 30 2 * * * (every day at 02:30 UTC).';
const FIVE_FIELDS = 'Snapdeck takes 5 fields: minute hour day month weekday, in UTC';
const TOO_OFTEN =
  'Snapdeck runs a backup at most once an hour: a backup takes minutes, and Nova refuses a new one while the last is still being taken. '
  + 'Give the minute field a single value, such as 15 * * * * (every hour at :15).';

const wholeNumber = (min: number, max: number, message: string) =>
  z.number({ error: message }).int(message).min(min, message).max(max, message);
const minute = wholeNumber(0, 59, 'Enter a minute from 0 to 59.');
const hour = wholeNumber(0, 23, 'Enter an hour from 0 to 23 (UTC).');

/**
 * A Frequency as the form sends it and as a trigger's input keeps it. A cron expression is
 * checked as Mistral would read it, except for the once-an-hour floor: that is a setting of
 * the deployment, which the server applies with `cronProblem(…, { allowFrequent })`.
 */
export const frequencySchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('hourly'),
      everyHours: z.literal(HOURLY_STEPS, { error: 'Choose every 1, 2, 3, 4, 6, 8 or 12 hours: these divide the day evenly.' }),
      minute,
    }),
    z.object({ kind: z.literal('daily'), hour, minute }),
    z.object({ kind: z.literal('weekly'), weekday: wholeNumber(0, 6, 'Choose a day of the week.'), hour, minute }),
    z.object({
      kind: z.literal('monthly'),
      day: wholeNumber(1, 28, 'Enter a day from 1 to 28: a backup on day 29, 30 or 31 would skip the months without that day.'),
      hour,
      minute,
    }),
    z.object({
      kind: z.literal('cron'),
      expression: z
        .string({ error: EMPTY })
        .trim()
        .min(1, { message: EMPTY, abort: true })
        .max(CRON_MAX_LENGTH, { message: `At most ${CRON_MAX_LENGTH} characters.`, abort: true })
        .overwrite((s) => s.split(/\s+/).join(' '))
        .superRefine((s, ctx) => {
          const parsed = parseCron(s);
          if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
        }),
    }),
  ],
  { error: 'Choose how often the backup runs.' },
);

// The schema and the type say the same thing (a compile-time check, both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameShape: Same<z.output<typeof frequencySchema>, Frequency> = true;
void sameShape;

// ---------------------------------------------------------------- reading a cron pattern

/** croniter's @aliases (without a hash id, as Mistral calls it). */
const ALIASES: Record<string, string> = {
  '@midnight': '0 0 * * *', '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *', '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *',
};

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  hint: string;
}
const shapes = (list: string, range: string, step: string) => `a list such as ${list}, a range such as ${range} or a step such as ${step}`;
const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, hint: `use 0 to 59, ${shapes('0,30', '1-5', '*/15')}` },
  { name: 'hour', min: 0, max: 23, hint: `use 0 to 23, ${shapes('1,13', '1-5', '*/6')}` },
  { name: 'day', min: 1, max: 31, hint: `use 1 to 31, ${shapes('1,15', '1-5', '*/2')}, or L alone (the last day of the month)` },
  {
    name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
    hint: `use 1 to 12 or jan to dec, ${shapes('1,7', '4-9', '*/3')}`,
  },
  {
    name: 'weekday', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    hint: `use 0 to 6 (0 and 7 are Sunday) or sun to sat, ${shapes('1,3,5', '1-5', '*/2')}, or one value such as 1#2 (the second Monday of the month)`,
  },
];

/** A field as croniter reads it: its values, and whether they cover the whole range ("*"). */
interface FieldSet {
  values: number[];
  all: boolean;
}

interface CronFields {
  minute: FieldSet;
  hour: FieldSet;
  /** `last`: L, the last day of the month. */
  day: FieldSet & { last: boolean };
  month: FieldSet;
  /** `nth`: the weekday field is one d#n (the nth such weekday of the month). */
  weekday: FieldSet & { nth: number | null };
}

type Parsed = { ok: true; fields: CronFields } | { ok: false; problem: string };

class FieldProblem extends Error {}

function numberIn(token: string, spec: FieldSpec): number | null {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  const named = spec.names?.indexOf(token.toLowerCase()) ?? -1;
  if (named < 0) return null;
  return spec.min === 1 ? named + 1 : named;
}

// One comma-separated item: n, a-b, a/s, a-b/s or a star with a step, expanded as croniter does.
function expandItem(item: string, spec: FieldSpec, index: number): number[] {
  const m = /^([^/-]+)(?:-([^/-]+))?(?:\/(\d+))?$/.exec(item);
  if (!m) throw new FieldProblem();
  const [, lowText, highText, stepText] = m;
  const step = stepText === undefined ? 1 : Number(stepText);
  let low: number | null;
  let high: number | null;
  if (lowText === '*') {
    if (highText !== undefined) throw new FieldProblem();
    [low, high] = [spec.min, spec.max];
  } else {
    low = numberIn(lowText!, spec);
    // croniter reads a/s as a-max/s.
    high = highText !== undefined ? numberIn(highText, spec) : stepText !== undefined ? spec.max : low;
  }
  if (low === null || high === null || step < 1) throw new FieldProblem();
  // croniter's "-Sun": a weekday range may end on 0 (fri-sun).
  if (index === 4 && high === 0 && low > 0) high = 7;
  if (low < spec.min || high > spec.max || low > high) throw new FieldProblem();
  const out: number[] = [];
  for (let v = low; v <= high; v += step) out.push(index === 4 && v === 7 ? 0 : v);
  return out;
}

function specialProblem(raw: string, spec: FieldSpec): string | null {
  if (raw.includes('?')) return `Mistral does not read “?” in a cron pattern: write * in the ${spec.name} field instead.`;
  if (/(^|,)h(?![a-z])/i.test(raw)) {
    return 'Mistral does not read H (hashed) values: write the minute or hour you want.';
  }
  if (/w/i.test(raw) && spec.name === 'day') return 'Mistral does not read W (the nearest weekday) in the day field.';
  if (/l/i.test(raw) && spec.name === 'weekday') {
    return 'Snapdeck does not take L in the weekday field (Mistral writes the last Friday as L5, most cron as 5L): choose weekdays with 0 to 6 or sun to sat.';
  }
  return null;
}

function readField(raw: string, index: number): FieldSet & { last: boolean; nth: number | null } {
  const spec = FIELD_SPECS[index]!;
  const special = specialProblem(raw, spec);
  if (special) throw new FieldProblem(special);
  if (index === 4 && raw.includes('#')) {
    const m = /^([a-z]+|\d)#([1-5])$/i.exec(raw);
    const weekday = m ? numberIn(m[1]!, spec) : null;
    if (!m || weekday === null || weekday > 7) {
      throw new FieldProblem(`The weekday field “${raw}” is not valid: a # value is one weekday and a week from 1 to 5, such as 1#2 (the second Monday of the month), and the whole field.`);
    }
    return { values: [weekday % 7], all: false, last: false, nth: Number(m[2]) };
  }
  // croniter skips L's day when L stands in a list (31,L misses 30 September): L alone only.
  if (index === 2 && /^l$/i.test(raw)) return { values: [], all: false, last: true, nth: null };
  const values = new Set<number>();
  for (const item of raw.split(',')) {
    try {
      for (const v of expandItem(item, spec, index)) values.add(v);
    } catch {
      throw new FieldProblem(`The ${spec.name} field “${raw}” is not valid: ${spec.hint}.`);
    }
  }
  const sorted = [...values].sort((a, b) => a - b);
  const size = index === 4 ? 7 : spec.max - spec.min + 1;
  return { values: sorted, all: sorted.length === size, last: false, nth: null };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** croniter fails ("failed to find next date") when no chosen day exists in a chosen month,
 * whatever the weekday field says. */
function impossibleDate(f: CronFields): string | null {
  if (f.day.all || f.day.last) return null;
  const months = f.month.all ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : f.month.values;
  if (months.some((m) => f.day.values.some((d) => d <= DAYS_IN_MONTH[m - 1]!))) return null;
  const names = months.map((m) => MONTH_NAMES[m - 1]!);
  return `This pattern never runs: ${listWords(names, 'and')} ${names.length === 1 ? 'has' : 'have'} no day ${listWords(f.day.values.map(String), 'or')}.`;
}

/**
 * croniter 1.3.5 steps from February's last listed day to the next listed one by adding the
 * difference, so a missing 30 or 31 lands on 2 or 3 March and skips 1 (and 2) March.
 */
function croniterSkipsMarch(f: CronFields): boolean {
  const allows = (m: number) => f.month.all || f.month.values.includes(m);
  if (f.day.all || f.day.last || !allows(2) || !allows(3)) return false;
  const days = f.day.values;
  const has = (d: number) => days.includes(d);
  const afterCommonFeb = days.find((d) => d >= 29);
  const afterLeapFeb = days.find((d) => d >= 30);
  return (afterCommonFeb === 30 && has(1)) || (afterCommonFeb === 31 && (has(1) || has(2))) || (afterLeapFeb === 31 && has(1));
}

function parseCron(expression: string): Parsed {
  const text = expression.trim();
  if (!text) return { ok: false, problem: EMPTY };
  if (text.startsWith('@')) {
    const alias = ALIASES[text.toLowerCase()];
    return { ok: false, problem: alias ? `${FIVE_FIELDS}: write ${alias} for ${text}.` : `${FIVE_FIELDS}.` };
  }
  const raw = text.split(/\s+/);
  if (raw.length !== 5) return { ok: false, problem: `${FIVE_FIELDS} (this has ${raw.length}).` };
  let sets: ReturnType<typeof readField>[];
  try {
    sets = raw.map(readField);
  } catch (err) {
    if (err instanceof FieldProblem) return { ok: false, problem: err.message };
    throw err;
  }
  const [minute, hour, day, month, weekday] = sets as [typeof sets[0], typeof sets[0], typeof sets[0], typeof sets[0], typeof sets[0]];
  const fields: CronFields = { minute, hour, day, month, weekday };
  // croniter 1.3.5 finds no date for d#n beside a day of the month (its OR's weekday half).
  if (weekday.nth !== null && !day.all) {
    return { ok: false, problem: 'Mistral cannot combine a day of the month with a # weekday (such as 1#2): set the day field to *.' };
  }
  const impossible = impossibleDate(fields);
  if (impossible) return { ok: false, problem: impossible };
  if (croniterSkipsMarch(fields)) {
    return {
      ok: false,
      problem: 'Mistral would skip 1 March with these days: its croniter steps over February\'s missing day 30 or 31 into March. Leave out day 30 and 31 (L is the last day of every month), or day 1 and 2.',
    };
  }
  return { ok: true, fields };
}

/** The pattern handed to cron-parser: plain lists, and "*" where croniter sees one. */
function plainPattern(f: CronFields): string {
  const list = (s: FieldSet) => (s.all ? '*' : s.values.join(','));
  const day = f.day.last ? 'L' : list(f.day);
  const weekday = f.weekday.nth !== null ? `${f.weekday.values[0]}#${f.weekday.nth}` : list(f.weekday);
  return [list(f.minute), list(f.hour), day, list(f.month), weekday].join(' ');
}

export interface CronOptions {
  /** Accept patterns that run more often than once an hour (test clouds: the Zed e2e runs `* * * * *`). */
  allowFrequent?: boolean;
}

/**
 * Why Mistral would refuse `expression` or it would never run, or why Snapdeck does not take
 * it (more often than once an hour, unless `allowFrequent`): a sentence for the form. null
 * when it is fine.
 */
export function cronProblem(expression: string, opts: CronOptions = {}): string | null {
  const parsed = parseCron(expression);
  if (!parsed.ok) return parsed.problem;
  // One minute value: runs are whole hours apart. Two or more: some are less than an hour apart.
  if (parsed.fields.minute.values.length > 1 && !opts.allowFrequent) return TOO_OFTEN;
  return null;
}

// ---------------------------------------------------------------- presets <-> cron

/** The cron pattern of a frequency (a cron frequency's own expression, as it is). */
export function cronOf(f: Frequency): string {
  switch (f.kind) {
    case 'hourly':
      return f.everyHours === 1 ? `${f.minute} * * * *` : `${f.minute} */${f.everyHours} * * *`;
    case 'daily':
      return `${f.minute} ${f.hour} * * *`;
    case 'weekly':
      return `${f.minute} ${f.hour} * * ${f.weekday}`;
    case 'monthly':
      return `${f.minute} ${f.hour} ${f.day} * *`;
    case 'cron':
      return f.expression;
  }
}

const inRange = (token: string, min: number, max: number): number | null => {
  if (!/^(0|[1-9]\d?)$/.test(token)) return null;
  const n = Number(token);
  return n >= min && n <= max ? n : null;
};

/**
 * The preset that `cronOf` writes as exactly `cron`; anything else is `{ kind: 'cron' }`, so
 * that `cronOf(frequencyOf(c)) === c` for every string.
 */
export function frequencyOf(cron: string): Frequency {
  const asCron: Frequency = { kind: 'cron', expression: cron };
  const parts = cron.split(' ');
  if (parts.length !== 5) return asCron;
  const [m, h, day, month, weekday] = parts as [string, string, string, string, string];
  const minute = inRange(m, 0, 59);
  if (minute === null || month !== '*') return asCron;
  if (day === '*' && weekday === '*') {
    if (h === '*') return { kind: 'hourly', everyHours: 1, minute };
    const step = /^\*\/(\d+)$/.exec(h)?.[1];
    const everyHours = HOURLY_STEPS.find((n) => n !== 1 && String(n) === step);
    if (everyHours) return { kind: 'hourly', everyHours, minute };
  }
  const hour = inRange(h, 0, 23);
  if (hour === null) return asCron;
  if (day === '*' && weekday === '*') return { kind: 'daily', hour, minute };
  const wd = inRange(weekday, 0, 6);
  if (day === '*' && wd !== null) return { kind: 'weekly', weekday: wd, hour, minute };
  const d = inRange(day, 1, 28);
  if (d !== null && weekday === '*') return { kind: 'monthly', day: d, hour, minute };
  return asCron;
}

// ---------------------------------------------------------------- in words

const two = (n: number) => String(n).padStart(2, '0');
const clock = (hour: number, minute: number) => `${two(hour)}:${two(minute)}`;

function listWords(items: string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** A frequency in words, always saying UTC: "Every day at 02:00 UTC". */
export function describeFrequency(f: Frequency): string {
  switch (f.kind) {
    case 'hourly':
      return f.everyHours === 1 ? `Every hour at :${two(f.minute)} (UTC)` : `Every ${f.everyHours} hours at :${two(f.minute)} (UTC)`;
    case 'daily':
      return `Every day at ${clock(f.hour, f.minute)} UTC`;
    case 'weekly':
      return `Every ${WEEKDAY_NAMES[f.weekday] ?? `weekday ${f.weekday}`} at ${clock(f.hour, f.minute)} UTC`;
    case 'monthly':
      return `On day ${f.day} of every month at ${clock(f.hour, f.minute)} UTC`;
    case 'cron': {
      const preset = frequencyOf(f.expression.trim().split(/\s+/).join(' '));
      if (preset.kind !== 'cron') return describeFrequency(preset);
      return describeCron(f.expression);
    }
  }
}

function weekdayWords(values: number[]): string {
  const contiguous = values.length >= 3 && values.every((v, i) => i === 0 || v === values[i - 1]! + 1);
  if (contiguous) return `${WEEKDAY_NAMES[values[0]!]} to ${WEEKDAY_NAMES[values.at(-1)!]}`;
  return listWords(values.map((v) => WEEKDAY_NAMES[v]!), 'and');
}

/** A plain sentence for the simple shapes; `Cron \`…\` (UTC)` for the rest. */
function describeCron(expression: string): string {
  const fallback = `Cron \`${expression.trim()}\` (UTC)`;
  const parsed = parseCron(expression);
  if (!parsed.ok) return fallback;
  const { minute, hour, day, month, weekday } = parsed.fields;
  if (!month.all || weekday.nth !== null) return fallback;
  const everyDay = day.all && weekday.all;
  if (minute.all && hour.all && everyDay) return 'Every minute (UTC)';
  const step = minute.values[1];
  if (!minute.all && step !== undefined && 60 % step === 0 && minute.values.length === 60 / step && minute.values.every((v, i) => v === i * step) && hour.all && everyDay) {
    return `Every ${step} minutes (UTC)`;
  }
  if (minute.values.length !== 1) return fallback;
  const m = minute.values[0]!;
  if (hour.all && everyDay) return `Every hour at :${two(m)} (UTC)`;
  if (hour.all || hour.values.length > 6) return fallback;
  const times = listWords(hour.values.map((h) => clock(h, m)), 'and');
  if (everyDay) return `Every day at ${times} UTC`;
  if (day.all) return `Every ${weekdayWords(weekday.values)} at ${times} UTC`;
  if (!weekday.all) return fallback;
  if (day.last) return `On the last day of every month at ${times} UTC`;
  if (day.values.length !== 1) return fallback;
  const d = day.values[0]!;
  const skipped = d > 28 ? ` (months without a day ${d} are skipped)` : '';
  return `On day ${d} of every month at ${times} UTC${skipped}`;
}

// ---------------------------------------------------------------- run times

/**
 * The next `count` times `cron` runs after `from` (strictly), in UTC, as Mistral's croniter
 * finds them; [] when the pattern is not one Snapdeck reads (see cronProblem). Patterns
 * refused only for running too often still get their times.
 */
export function nextRuns(cron: string, from: Date, count = 5): Date[] {
  const parsed = parseCron(cron);
  if (!parsed.ok) return [];
  const it = CronExpressionParser.parse(plainPattern(parsed.fields), { currentDate: from, tz: 'UTC' });
  const out: Date[] = [];
  try {
    while (out.length < count) out.push(it.next().toDate());
  } catch {
    // cron-parser's loop limit: a pattern that runs once in decades (29 Feb on a Monday…).
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `date` as a wall-clock time in `timeZone` (an IANA name, or "UTC"): "Mon 7 Dec 2026, 02:00".
 * English names whatever the browser's language, like the rest of Snapdeck. Throws a
 * RangeError for a zone the runtime does not know.
 */
export function formatRunTime(date: Date, timeZone: string): string {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const part = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute}`;
}
