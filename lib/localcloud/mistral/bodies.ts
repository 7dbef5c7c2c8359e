// The JSON bodies Mistral's WSME controllers read (resources.CronTrigger, resources.Execution),
// as zod schemas whose messages are WSME's and Mistral's, so that a bad body gets the 400
// Mistral would give. Attributes the local cloud does not act on are refused, not ignored.
import type { Context } from 'hono';
import { z } from 'zod';
import { MistralFault, badRequest } from './errors';
import { pyRepr } from './python';

const pyType = (v: unknown) =>
  v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'dict' : typeof v === 'string' ? 'str' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'bool';

const wrongType = (field: string, expected: string) => (iss: { input: unknown }) =>
  `Invalid input for field/attribute ${field}. Value: '${pyRepr(iss.input)}'. Wrong type. Expected '<class '${expected}'>', got '<class '${pyType(iss.input)}'>'`;

/** wtypes.text: a string, or null / absent. */
const text = (field: string, max = 255) =>
  z.string({ error: wrongType(field, 'str') }).max(max, `Invalid input for field/attribute ${field}: at most ${max} characters.`).nullish();

/** types.JsonType: a dict, or a JSON string of one; empty or null means {}. */
const jsonDict = (field: string) =>
  z.unknown().optional().transform((value, ctx): Record<string, unknown> => {
    let v = value;
    if (typeof v === 'string') {
      try {
        v = v === '' ? {} : JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: `Invalid input for field/attribute ${field}. Value: '${value as string}'. Value not a valid JSON` });
        return z.NEVER;
      }
    }
    if (v === null || v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: `JsonType field value must be a dictionary [actual=${pyRepr(v)}]` });
      return z.NEVER;
    }
    return v as Record<string, unknown>;
  });

/** Attributes of the resource that a client may send but the local cloud does not act on. */
const notImplemented = (resource: string, field: string) =>
  z.unknown().optional().refine((v) => v === undefined || v === null, { message: `The local cloud's Mistral does not implement "${field}" when creating ${resource}.` });

/** Read-only or computed attributes: WSME takes them and Mistral ignores them. */
const ignored = z.unknown().optional();

const unknownAttribute = (resource: string) => (iss: { code: string; keys?: string[] }) =>
  iss.code === 'unrecognized_keys' ? `Unknown attribute for argument ${resource}: ${(iss.keys ?? []).join(', ')}` : undefined;

export const cronTriggerBodySchema = z.strictObject({
  id: ignored,
  // Mistral answers a missing name with a 500 (KeyError in create_cron_trigger); here, a 400.
  name: z.string({ error: (iss) => (iss.input === undefined || iss.input === null ? 'Invalid input: a cron trigger needs a name.' : wrongType('name', 'str')(iss)) })
    .min(1, 'Invalid input: a cron trigger needs a name.').max(200, 'Invalid input for field/attribute name: at most 200 characters.'),
  workflow_name: text('workflow_name'),
  workflow_id: text('workflow_id'),
  workflow_input: jsonDict('workflow_input'),
  workflow_params: jsonDict('workflow_params'),
  project_id: ignored,
  scope: z.enum(['private', 'public'], { error: (iss) => `Invalid input for field/attribute scope. Value: '${pyRepr(iss.input)}'. Value should be one of: private, public` }).nullish(),
  pattern: text('pattern', 100),
  remaining_executions: z.number({ error: wrongType('remaining_executions', 'int') })
    .int("Invalid input for field/attribute remaining_executions. Wrong type. Expected '<class 'int'>', got '<class 'float'>'")
    .min(1, 'Invalid input for field/attribute remaining_executions. Value should be greater or equal to 1')
    .nullish(),
  first_execution_time: text('first_execution_time', 64),
  next_execution_time: ignored,
  created_at: ignored,
  updated_at: ignored,
}, { error: unknownAttribute('cron_trigger') });
export type CronTriggerBody = z.output<typeof cronTriggerBodySchema>;

export const executionBodySchema = z.strictObject({
  id: text('id', 64),
  workflow_id: text('workflow_id'),
  workflow_name: text('workflow_name'),
  workflow_namespace: text('workflow_namespace'),
  description: text('description'),
  tags: notImplemented('an execution', 'tags'),
  params: jsonDict('params'),
  task_execution_id: notImplemented('an execution', 'task_execution_id'),
  root_execution_id: notImplemented('an execution', 'root_execution_id'),
  source_execution_id: notImplemented('an execution', 'source_execution_id'),
  state: ignored,
  state_info: ignored,
  input: jsonDict('input'),
  output: ignored,
  created_at: ignored,
  updated_at: ignored,
  project_id: ignored,
  published_global: ignored,
}, { error: unknownAttribute('wf_ex') });
export type ExecutionBody = z.output<typeof executionBodySchema>;

const MAX_BODY = 1024 * 1024;

/** The request body as text, capped. */
export async function readText(c: Context): Promise<string> {
  const tooBig = () => new MistralFault(413, `The local cloud's Mistral takes bodies up to ${MAX_BODY} bytes.`);
  if (Number(c.req.header('content-length') ?? '0') > MAX_BODY) throw tooBig();
  const body = await c.req.text();
  if (Buffer.byteLength(body) > MAX_BODY) throw tooBig();
  return body;
}

/** A WSME JSON body, parsed with `schema`; the first problem is the 400's faultstring. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = (c.req.header('content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/javascript') throw new MistralFault(415, `Unknown mimetype: ${type}`);
  const body = await readText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (err) {
    throw badRequest(`Invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'invalid_type' && issue.path.length === 0) throw badRequest('Invalid input: the body is not a JSON object.');
    throw badRequest(issue?.message ?? 'Invalid input.');
  }
  return parsed.data;
}
