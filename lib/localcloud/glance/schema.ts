// Validation against the real image schema (schemas/image.json, as GET /v2/schemas/image
// serves it). Types are checked with zod; failures are worded like python-jsonschema's,
// because Glance wraps str(ValidationError) into its 400 message.
import { z } from 'zod';
import imageSchemaJson from './schemas/image.json';
import imagesSchemaJson from './schemas/images.json';
import { pyFormat, pyRepr } from './errors';

export interface PropDef {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  items?: PropDef;
  readOnly?: boolean;
  is_base?: boolean;
  description?: string;
  [other: string]: unknown;
}

export const IMAGE_SCHEMA = imageSchemaJson as unknown as {
  name: string;
  properties: Record<string, PropDef>;
  additionalProperties: PropDef;
  links: unknown[];
};
export const IMAGES_SCHEMA = imagesSchemaJson as unknown as Record<string, unknown>;

const TYPES: Record<string, z.ZodType> = {
  string: z.string(),
  integer: z.int(),
  number: z.number(),
  boolean: z.boolean(),
  null: z.null(),
  array: z.array(z.unknown()),
  object: z.record(z.string(), z.unknown()),
};

export interface SchemaFailure {
  keyword: string;
  message: string;
  schemaPath: (string | number)[];
  instancePath: (string | number)[];
  subschema: PropDef;
  instance: unknown;
}

/** First failure of `value` against `def`, checking keywords in the order Glance's
 * property definitions list them (type first). */
export function checkValue(def: PropDef, value: unknown, schemaPath: (string | number)[], instancePath: (string | number)[]): SchemaFailure | null {
  const failure = (keyword: string, message: string): SchemaFailure => ({ keyword, message, schemaPath, instancePath, subschema: def, instance: value });
  if (def.type !== undefined) {
    const types = Array.isArray(def.type) ? def.type : [def.type];
    if (!types.some((t) => TYPES[t]?.safeParse(value).success)) {
      return failure('type', `${pyRepr(value)} is not of type ${types.map(pyRepr).join(', ')}`);
    }
  }
  if (def.enum && !def.enum.some((e) => e === value)) return failure('enum', `${pyRepr(value)} is not one of ${pyRepr(def.enum)}`);
  if (typeof value === 'string') {
    const length = [...value].length; // Python counts code points
    if (def.maxLength !== undefined && length > def.maxLength) return failure('maxLength', `${pyRepr(value)} is too long`);
    if (def.minLength !== undefined && length < def.minLength) return failure('minLength', `${pyRepr(value)} is too short`);
    if (def.pattern !== undefined && !new RegExp(def.pattern, 'u').test(value)) {
      return failure('pattern', `${pyRepr(value)} does not match ${pyRepr(def.pattern)}`);
    }
  }
  if (Array.isArray(value) && def.items) {
    for (const [i, item] of value.entries()) {
      const f = checkValue(def.items, item, [...schemaPath, 'items'], [...instancePath, i]);
      if (f) return f;
    }
  }
  return null;
}

/** Validate an object of image attributes (a create body or a PATCH's {path: value}). As
 * jsonschema's best_match, the shallowest failure wins, then the first found. */
export function validateImageObject(obj: Record<string, unknown>): SchemaFailure | null {
  let best: SchemaFailure | null = null;
  const consider = (f: SchemaFailure | null) => {
    if (f && (!best || f.instancePath.length < best.instancePath.length)) best = f;
  };
  for (const [key, def] of Object.entries(IMAGE_SCHEMA.properties)) {
    if (Object.hasOwn(obj, key)) consider(checkValue(def, obj[key], ['properties', key], [key]));
  }
  for (const [key, value] of Object.entries(obj)) {
    if (!Object.hasOwn(IMAGE_SCHEMA.properties, key)) consider(checkValue(IMAGE_SCHEMA.additionalProperties, value, ['additionalProperties'], [key]));
  }
  return best;
}

const asIndex = (root: string, path: (string | number)[]) => (path.length ? `${root}[${path.map(pyRepr).join('][')}]` : root);
const indented = (s: string) => s.split('\n').join('\n    ');

/** glance.common.exception.InvalidObject around str(jsonschema.ValidationError). */
export function schemaMessage(f: SchemaFailure, schemaName = IMAGE_SCHEMA.name): string {
  return (
    `Provided object does not match schema '${schemaName}': ${f.message}\n\n` +
    `Failed validating ${pyRepr(f.keyword)} in ${asIndex('schema', f.schemaPath)}:\n    ${indented(pyFormat(f.subschema, 4))}\n\n` +
    `On ${asIndex('instance', f.instancePath)}:\n    ${indented(pyFormat(f.instance, 4))}`
  );
}
