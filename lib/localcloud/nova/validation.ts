// Request validation with zod, answering like nova's jsonschema validator
// (nova/api/validation/validators.py): "Invalid input for field/attribute <name>. Value:
// <value>. <jsonschema message>", with Python reprs in the messages, one error at a time.
import type { Context } from 'hono';
import { z } from 'zod';
import { novaFault } from '../errors';
// One Python repr for the whole cloud: jsonschema messages look the same in Glance and Nova.
import { pyRepr } from '../glance/errors';

// ---------------------------------------------------------------- Python reprs

/** str() of a JSON value: strings bare, everything else as repr. */
const pyStr = (v: unknown): string => (typeof v === 'string' ? v : pyRepr(v));

// ---------------------------------------------------------------- jsonschema messages

type Iss = { input?: unknown };
/** Error-map helpers: undefined input means "missing", which the mapper words itself. */
const msg = (f: (input: unknown) => string) => ({ error: (iss: Iss) => (iss.input === undefined ? undefined : f(iss.input)) });
export const notOfType = (types: string) => msg((v) => `${pyRepr(v)} is not of type ${types}`);
export const tooShort = msg((v) => `${pyRepr(v)} is too short`);
export const tooLong = msg((v) => `${pyRepr(v)} is too long`);
export const lessThanMin = (min: number) => msg((v) => `${pyRepr(v)} is less than the minimum of ${min}`);
export const greaterThanMax = (max: number) => msg((v) => `${pyRepr(v)} is greater than the maximum of ${max}`);
export const noMatch = (pattern: string) => msg((v) => `${pyRepr(v)} does not match ${pyRepr(pattern)}`);
export const notOneOf = (values: readonly unknown[]) => msg((v) => `${pyRepr(v)} is not one of ${pyRepr(values)}`);
export const notFormat = (format: string) => msg((v) => `${pyRepr(v)} is not a ${pyRepr(format)}`);
export const noSchemaMatches = msg((v) => `${pyRepr(v)} is not valid under any of the given schemas`);

/** Marks a refinement whose message Nova shows as-is (its format checkers raise their own
 * exceptions, e.g. InvalidName). */
export const RAW = { nova: 'raw' } as const;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

const extras = (keys: string[]) => `Additional properties are not allowed (${keys.map(pyRepr).join(', ')} ${keys.length === 1 ? 'was' : 'were'} unexpected)`;

type Where = 'body' | 'query';

/** The one message Nova would give for these issues. jsonschema reports property errors
 * before `required`, and `required` before `additionalProperties`; zod reports all. */
export function novaValidationMessage(issues: readonly z.core.$ZodIssue[], root: unknown, where: Where): string {
  const rank = (i: z.core.$ZodIssue) => {
    if (i.code === 'unrecognized_keys' || i.code === 'invalid_key') return 2;
    // JSON has no undefined: an issue about a value that is not there is a missing key.
    if (i.path.length > 0 && valueAt(root, i.path) === undefined) return 1;
    return 0;
  };
  const issue = [...issues].sort((a, b) => rank(a) - rank(b))[0];
  if (!issue) return 'Invalid input';
  let path: PropertyKey[] = [...issue.path];
  let value: unknown;
  let message: string;
  if (issue.code === 'unrecognized_keys') {
    value = valueAt(root, path);
    message = extras(issue.keys);
  } else if (issue.code === 'invalid_key') {
    // A record key outside the allowed pattern: jsonschema's additionalProperties.
    const key = String(path[path.length - 1]);
    path = path.slice(0, -1);
    value = valueAt(root, path);
    message = extras([key]);
  } else if (rank(issue) === 1) {
    const key = String(path[path.length - 1]);
    path = path.slice(0, -1);
    value = valueAt(root, path);
    message = `${pyRepr(key)} is a required property`;
  } else {
    if (issue.code === 'custom' && issue.params?.nova === RAW.nova) return issue.message;
    value = valueAt(root, path);
    message = issue.message;
  }
  if (path.length === 0) return message;
  // Body errors name the innermost key; query errors the parameter (the path starts with it).
  const name = where === 'body' ? [...path].reverse().find((k) => typeof k === 'string') : path[0];
  const label = where === 'body' ? 'field/attribute' : 'query parameters';
  return `Invalid input for ${label} ${String(name)}. Value: ${pyStr(value)}. ${message}`;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

export function validate<T>(c: Context, schema: z.ZodType<T>, input: unknown, where: Where): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, response: novaFault(c, 400, novaValidationMessage(result.error.issues, input, where)) };
}

/** The JSON body, or Nova's 400/415 for bodies it cannot read (wsgi.py). */
export async function readJsonBody(c: Context): Promise<Parsed<unknown>> {
  const type = (c.req.header('Content-Type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/vnd.openstack.compute+json') {
    return { ok: false, response: novaFault(c, 415, 'Unsupported Content-Type') };
  }
  const text = await c.req.text();
  if (!text.trim()) return { ok: false, response: novaFault(c, 400, 'Malformed request body') };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: novaFault(c, 400, 'Malformed request body') };
  }
}

/** Query parameters as Nova's validators see them: every parameter is a list. */
export const queryLists = (c: Context): Record<string, string[]> => c.req.queries();

// ---------------------------------------------------------------- parameter types

/** uuidutils.is_uuid_like: hex with or without dashes, braces or urn prefix. */
export const isUuidLike = (s: string): boolean => /^[0-9a-f]{32}$/i.test(s.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, ''));

const NAME_MESSAGE = "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";
const PRINTABLE = /^(?!\p{Zs})[^\p{C}\p{Zl}\p{Zp}]*(?<!\p{Zs})$/u;

const str = () => z.string(notOfType("'string'"));

/** parameter_types.name: 1–255 printable characters, no outer whitespace. */
export const nameType = () => str().min(1, tooShort).max(255, tooLong).refine((s) => PRINTABLE.test(s), { message: NAME_MESSAGE, params: RAW });

/** parameter_types.metadata: keys [a-zA-Z0-9-_:. ]{1,255}, string values ≤ 255. */
export const metadataType = () =>
  z.record(z.string().regex(/^[a-zA-Z0-9_:. -]{1,255}$/), str().max(255, tooLong), notOfType("'object'"));

/** parameter_types.positive_integer / non_negative_integer: integers or digit strings. */
export const countType = (minimum: number) =>
  z.union([z.number().int(), z.string()], notOfType("'integer', 'string'"))
    .refine((v) => typeof v === 'number' || /^[0-9]*$/.test(v), noMatch('^[0-9]*$'))
    .refine((v) => Number(v) >= minimum, lessThanMin(minimum))
    .transform((v) => Number(v));

/** parameter_types.boolean. */
const BOOLEAN_VALUES = [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no'] as const;
export const booleanType = () =>
  z.union([z.boolean(), z.string()], notOfType("'boolean', 'string'"))
    .refine((v) => (BOOLEAN_VALUES as readonly unknown[]).includes(v), notOneOf(BOOLEAN_VALUES))
    .transform((v) => v === true || ['true', '1', 'on', 'yes'].includes(String(v).toLowerCase()));

export const uuidType = () => str().refine(isUuidLike, notFormat('uuid'));

/** parameter_types.description: null or ≤ 255 printable characters. */
export const descriptionType = () => z.union([str().max(255, tooLong), z.null()], notOfType("'string', 'null'"));

/** parameter_types.tag. */
export const tagType = () => str().max(60, tooLong).regex(/^[^,/]*$/, noMatch('^[^,/]*$'));

/** Python's base64.decodebytes accepts what the base64 format checker accepts. */
export const isBase64 = (s: string): boolean => {
  const data = s.replace(/[^A-Za-z0-9+/=]/g, '');
  const unpadded = data.replace(/=+$/, '');
  if (unpadded.includes('=')) return false;
  return unpadded.length % 4 !== 1 && data.length % 4 === 0;
};
