/** Nova's FlexibleBoolean, as image properties are read (oslo strutils.bool_from_string). */
export function isTruthyProperty(value: string | undefined | null): boolean {
  return ['yes', 'true', '1', 'on', 'y', 't'].includes(String(value ?? '').trim().toLowerCase());
}
