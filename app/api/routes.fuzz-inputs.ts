// Generated inputs for routes.fuzz.test.ts: odd and huge strings, unicode, wrong types,
// missing and extra fields, `../` and full URLs in ids, numbers at the edges, mixed with
// valid values of the seeded local cloud so that many inputs get past validation.
import fc from 'fast-check';
import { SEED } from '@/lib/localcloud/state/seed';

/** One request to a route handler: route params, query pairs (or a raw query string),
 * a JSON value or a raw text as the body, extra headers. */
export interface FuzzInput {
  params?: Record<string, unknown>;
  query?: [string, string][];
  rawQuery?: string;
  body?: { json: unknown } | { text: string };
  headers?: Record<string, string>;
}

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Well formed, and no such object in the seed (nor can one be made with it: ids are random v4). */
export const ABSENT_UUID = 'deadbeef-dead-4ead-8ead-deadbeefdead';

const HUGE = {
  k256: 'x'.repeat(256),
  k70: 'y'.repeat(70_000),
  unicode200k: 'é'.repeat(200_000),
  overMega: 'z'.repeat(1_000_001),
};

/** Strings that have broken routers, filters and URL builders elsewhere. */
const NASTY = [
  '', ' ', '\t', '\n', '\r\n', '\u0000', '\u0000abc', 'a\u0000b', '\uFEFF', '\u200B', '\u202Eevil', '\uD800', '\uDFFF', 'a\uD800b',
  '../', '..', '.', '../../etc/passwd', '..%2F..%2Fetc', '%2e%2e%2f', '..\\..\\', '/', '//', '/images', 'images/..',
  'http://evil.test/x', 'https://169.254.169.254/latest/meta-data', '//evil.test/path', 'file:///etc/passwd', 'javascript:alert(1)',
  '?', '#', '&', '=', '?limit=1000&all_tenants=1', '#frag', '&all_tenants=1', 'a&b=c', 'a=b', '%', '%zz', '%00', '%E0%A4%A', '%252e',
  '\r\nX-Injected: 1', '<script>alert(1)</script>', '"', "'", '`', '\\', '${x}', '{{x}}', '%s%s%s', '\\u0000',
  '(', ')', '[', ']', '.*', '^$', 'a|b', '+', '*', '(?<=x)', '\\d+', 'in:a,b', 'in:"a', 'eq:x', 'gte:1', 'neq:x', 'nope:x', 'a:b:c', ':', ',',
  'null', 'undefined', 'NaN', 'true', 'false', '0', '-1', '1e309', '0x10', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'ｄｅｍｏ', 'Ａ'.repeat(300), '😀', '👩‍👩‍👧‍👦', '\u0301', 'e\u0301', 'İ', 'ß', 'ﬃ', 'مرحبا', '日本語', 'Ω'.repeat(128), '😀'.repeat(128),
  ' demo ', 'debian-12', 'Debian 12', 'web-1', 'web-1 (snapshot)',
  HUGE.k256, HUGE.k70, HUGE.unicode200k,
];

/** Any string, weighted towards the nasty ones; now and then a huge one. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 250, maxLength: 270 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY)).map(([a, b, c]) => a + b + c) },
);

/** Plausible text (names, types): mostly fine, sometimes at or over a limit. */
export const textish: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(255), 'é'.repeat(255), '😀'.repeat(255), ` ${'x'.repeat(255)} `, 'x'.repeat(256)) },
  { weight: 2, arbitrary: oddString },
);

/** Numbers at the edges, as JSON numbers and as strings. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2, 9, 10, 11, 20, 25, 29, 30, 31, 50, 99, 100, 101, 199, 200, 201, 999, 1000, 1001, 100_000, 100_001,
    0.5, 1.5, 9.999, 10.0000001, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, 5e-324,
    Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer({ min: -5, max: 1005 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const edgeNumberString: fc.Arbitrary<string> = fc.oneof(
  edgeNumber.map(String),
  fc.constantFrom('', ' ', ' 5 ', '5abc', 'abc', '1e1', '1e2', '1e3', '0x10', '0b1', '0o7', '+5', '-0', '00010', '1_000', '١٠', '５', 'Infinity',
    '-Infinity', 'NaN', '1,5', '1.5', '9'.repeat(400), '.5', '5.', '--1', '1-', '%31', 'null', 'true', '[]', '{}'),
);

/** Values of the wrong JSON type for a field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, [], {}, [null], [''], { $ne: null }, JSON.parse('{"__proto__":{"admin":true}}') as unknown, ['a', 'b']),
  edgeNumber,
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** An id as a route would see it: valid ones, UUIDs of nothing, and ids dressed up as
 * paths, URLs or queries (`../<id>`, `http://evil.test/<id>`, `<id>?all_tenants=1` …). */
export function idish(valid: readonly string[]): fc.Arbitrary<string> {
  const dressed = fc.tuple(wellFormedId(valid), fc.constantFrom<((id: string) => string)[]>(
    (id) => `../${id}`, (id) => `${id}/..`, (id) => `${id}/../../identity/v3/auth/tokens`, (id) => `../../${id}`,
    (id) => `http://evil.test/${id}`, (id) => `//evil.test/${id}`, (id) => `https://evil.test:8443/image/v2/images/${id}`,
    (id) => `${id}?all_tenants=1`, (id) => `${id}#x`, (id) => `${id}%2F..`, (id) => `${id}%2f%2e%2e`, (id) => `..%2F${id}`,
    (id) => ` ${id}`, (id) => `${id} `, (id) => `${id}\n`, (id) => `${id}\u0000`, (id) => `${id}\u200B`, (id) => `\u202E${id}`,
    (id) => id.slice(0, -1), (id) => `${id}0`, (id) => `{${id}}`, (id) => `urn:uuid:${id}`, (id) => id.replace(/-/g, ''),
    (id) => `${id}/file`, (id) => `${id}/action`, (id) => `${id}&marker=x`, (id) => `${id},${id}`, (id) => id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))),
    (id) => id.toUpperCase(), (id) => encodeURIComponent(`../${id}`), (id) => `${id}.json`, (id) => `${id};x`, (id) => `./${id}`,
  )).map(([id, dress]) => dress(id));
  return fc.oneof(
    { weight: 4, arbitrary: wellFormedId(valid) },
    { weight: 4, arbitrary: dressed },
    { weight: 2, arbitrary: oddString },
  );
}

/** Seeded ids, the nil UUID, a UUID of nothing, random UUIDs. */
function wellFormedId(valid: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(fc.constantFrom(...valid, NIL_UUID, ABSENT_UUID), fc.uuid());
}

/** A field of a body or query: `good` values (valid, or at least well typed) and `any`,
 * which mixes them with odd strings and wrong types. */
export interface Field<T = unknown> {
  good: fc.Arbitrary<T>;
  any: fc.Arbitrary<unknown>;
}

export function field<T>(good: fc.Arbitrary<T>, goodWeight = 3): Field<T> {
  return {
    good,
    any: fc.oneof(
      { weight: goodWeight, arbitrary: good },
      { weight: 1, arbitrary: oddString },
      { weight: 1, arbitrary: wrongType },
    ),
  };
}

/** An id field: well formed ids are good; `../<id>`, URLs and the like are the rest. */
export function idField(valid: readonly string[]): Field<string> {
  return { good: wellFormedId(valid), any: idish(valid) };
}

/** A query value: any string may come, so the rest are odd strings and edge numbers. */
export function queryValue(good: fc.Arbitrary<string>): Field<string> {
  return { good, any: fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: oddString }, { weight: 1, arbitrary: edgeNumberString }) };
}

const goods = (model: Record<string, Field>) => Object.fromEntries(Object.entries(model).map(([k, f]) => [k, f.good]));
const anys = (model: Record<string, Field>) => Object.fromEntries(Object.entries(model).map(([k, f]) => [k, f.any]));

/** Route params as Next gives them (strings): often all well formed; otherwise `../`, URLs
 * and odd strings, now and then a wrong type or a missing param. */
export function paramsOf(model: Record<string, Field<string>>): fc.Arbitrary<Record<string, unknown>> {
  const mixed = Object.fromEntries(Object.entries(model).map(([k, f]) => [k, fc.oneof({ weight: 8, arbitrary: f.any }, { weight: 1, arbitrary: wrongType })]));
  return fc.oneof(
    { weight: 2, arbitrary: fc.record(goods(model)) },
    { weight: 3, arbitrary: fc.record(mixed) },
    { weight: 1, arbitrary: fc.record(mixed, { requiredKeys: [] }) },
  );
}

/** Params and a JSON body where both matter: a third of the inputs have both all good, so
 * that enough get past validation; the rest as paramsOf and jsonBody make them. */
export function paramsAndBody(params: Record<string, Field<string>>, body: Record<string, Field>, optional: string[] = []): fc.Arbitrary<FuzzInput> {
  const required = Object.keys(body).filter((k) => !optional.includes(k));
  const good = fc.record({ params: fc.record(goods(params)), body: fc.record(goods(body), { requiredKeys: required }).map((json) => ({ json })) });
  return fc.oneof({ weight: 1, arbitrary: good }, { weight: 2, arbitrary: fc.record({ params: paramsOf(params), body: jsonBody(body, optional) }) });
}

const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'admin', 'all_tenants', 'id', 'token', 'project_id', '', ' ', '../x', 'a.b', '😀'), fc.string({ maxLength: 10 }));

/** A JSON object body from a model of fields: often all good (keys in `optional` may be
 * left out), otherwise any field may be odd or missing and extra keys may come; now and
 * then the body is not an object at all, or not JSON. */
export function jsonBody(model: Record<string, Field>, optional: string[] = []): fc.Arbitrary<FuzzInput['body']> {
  const required = Object.keys(model).filter((k) => !optional.includes(k));
  const good = fc.record(goods(model), { requiredKeys: required }).map((json) => ({ json }));
  const mixed = fc.tuple(
    fc.oneof(fc.record(anys(model)), fc.record(anys(model), { requiredKeys: [] })),
    fc.option(fc.dictionary(extraKey, wrongType, { minKeys: 1, maxKeys: 3 }), { freq: 4 }),
  ).map(([known, extra]) => {
    const body: Record<string, unknown> = { ...known };
    // defineProperty: an extra "__proto__" becomes an own key, as JSON.parse makes it.
    if (extra) for (const [k, v] of Object.entries(extra)) if (!(k in model)) Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
    return { json: body };
  });
  return fc.oneof(
    { weight: 8, arbitrary: good },
    { weight: 10, arbitrary: mixed },
    { weight: 1, arbitrary: wrongType.map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '{', '{"a":', '[1,2', 'not json', '{"a":1}garbage', '\uFEFF{}', '{"__proto__":{"x":1}}', `{"name":"${HUGE.overMega}"}`, HUGE.overMega, '\u0000').map((text) => ({ text })) },
  );
}

const queryKey = fc.oneof(fc.constantFrom('limit', 'marker', 'name', 'all_tenants', 'project_id', '', ' ', 'a b', '__proto__', '😀', 'id', 'ids', 'q', 'tab'), fc.string({ maxLength: 8 }));

/** Query pairs from a model: often good values only, each parameter present or not;
 * otherwise odd values, duplicates and unknown keys; or a raw query string with broken
 * percent-encoding. */
export function queryOf(model: Record<string, Field<string>>): fc.Arbitrary<Pick<FuzzInput, 'query' | 'rawQuery'>> {
  const good = fc.record(goods(model) as Record<string, fc.Arbitrary<string>>, { requiredKeys: [] }).map((known) => ({ query: Object.entries(known) as [string, string][] }));
  const mixed = fc.tuple(
    fc.record(anys(model) as Record<string, fc.Arbitrary<string>>, { requiredKeys: [] }),
    fc.option(fc.array(fc.tuple(queryKey, oddString), { minLength: 1, maxLength: 2 }), { freq: 5 }),
    fc.option(fc.tuple(fc.constantFrom(...Object.keys(model), 'x'), oddString), { freq: 8 }),
  ).map(([known, extra, dup]) => {
    const query: [string, string][] = Object.entries(known).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    if (extra) query.push(...extra);
    if (dup) query.push(dup);
    return { query };
  });
  const raw = fc.constantFrom('%', '%zz', 'a=%E0%A4%A', '=x', '&&&', 'limit=1&limit=2', 'name=%00', 'name=a%2Fb', '%3D=%26', 'a=b=c', '?x=1', '#x', 'name=+', 'ids=%2C%2C')
    .map((rawQuery) => ({ rawQuery }));
  return fc.oneof({ weight: 8, arbitrary: good }, { weight: 10, arbitrary: mixed }, { weight: 1, arbitrary: raw });
}

export const seededImages = Object.values(SEED.images);
export const seededServers = Object.values(SEED.servers);
export const seededNetworks = Object.values(SEED.networks);
export const seededProjects = Object.values(SEED.projects);
