// Cron patterns as Mistral reads them with croniter (mistral/services/triggers.py), through
// cron-parser: five fields in UTC, or one of croniter's @aliases. croniter also takes a
// sixth field (seconds, last) and a seventh (year); cron-parser reads six fields with the
// seconds first, so those are refused rather than misread.
import { CronExpressionParser } from 'cron-parser';
import { MistralFault, badRequest } from './errors';

const ALIASES: Record<string, string> = {
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

function fiveFields(pattern: string): string {
  const trimmed = pattern.trim();
  const alias = ALIASES[trimmed.toLowerCase()];
  if (alias) return alias;
  const fields = trimmed.split(/\s+/);
  if (fields.length === 6 || fields.length === 7) {
    throw new MistralFault(400, `The local cloud's Mistral reads five-field cron patterns only, not '${pattern}' (croniter's seconds and year fields are not supported).`);
  }
  if (fields.length !== 5) throw badRequest(`The specified pattern is not valid: ${pattern}`);
  return fields.join(' ');
}

/** Throws Mistral's 400 for a pattern croniter would refuse. */
export function validatePattern(pattern: string): void {
  const five = fiveFields(pattern);
  try {
    CronExpressionParser.parse(five, { tz: 'UTC', strict: false });
  } catch {
    throw badRequest(`The specified pattern is not valid: ${pattern}`);
  }
}

/** croniter(pattern, start).get_next(): the first matching time strictly after `afterMs`. */
export function nextTime(pattern: string, afterMs: number): number {
  return CronExpressionParser.parse(fiveFields(pattern), { currentDate: new Date(afterMs), tz: 'UTC' }).next().getTime();
}
