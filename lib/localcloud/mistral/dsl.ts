// Reading a workflow definition (Mistral DSL v2) as Mistral 15 does (mistral/lang/parser.py,
// mistral/lang/v2/workflows.py and tasks.py), for the subset the local cloud can run:
// direct workflows whose tasks run std.http, std.noop, std.echo or std.fail, with input,
// publish, output and on-success / on-error / on-complete lists. What Mistral would accept
// but the local cloud cannot run is refused with a 400 saying so, never ignored.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { MistralFault, badRequest } from './errors';
import type { InputSpec, TaskSpec, WorkflowSpec } from './model';
import { pyRepr } from './python';
import { UnsupportedExpression, validateExpressions } from './yaql';

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const invalid = (message: string) => badRequest(`Invalid DSL: ${message}`);
const localOnly = (message: string) => new MistralFault(400, `The local cloud's Mistral cannot run this workflow: ${message}.`);

// mistral/lang/v2/workflows.py _meta_schema, plus BaseSpec's version, name and description.
const WORKFLOW_KEYS = ['version', 'name', 'description', 'type', 'task-defaults', 'input', 'output', 'output-on-error', 'vars', 'tags', 'tasks'];
const WORKFLOW_UNSUPPORTED = ['task-defaults', 'output-on-error', 'vars'];
// tasks.py TaskSpec._schema and DirectWorkflowTaskSpec, plus BaseSpec's.
const TASK_KEYS = [
  'version', 'name', 'description', 'type', 'action', 'workflow', 'input', 'with-items', 'publish', 'publish-on-error', 'retry',
  'wait-before', 'wait-after', 'timeout', 'pause-before', 'concurrency', 'fail-on', 'target', 'keep-result', 'safe-rerun', 'tags',
  'join', 'on-complete', 'on-success', 'on-error',
];
const TASK_SUPPORTED = new Set(['version', 'name', 'description', 'type', 'action', 'input', 'publish', 'tags', 'on-complete', 'on-success', 'on-error']);
const ENGINE_COMMANDS = ['noop', 'fail', 'succeed', 'pause'];

/** The actions the engine runs (engine.ts), with the inputs each takes. */
export const RUNNABLE_ACTIONS: Record<string, { required: string[]; optional: string[] }> = {
  'std.http': { required: ['url'], optional: ['method', 'params', 'body', 'json', 'headers', 'timeout', 'allow_redirects', 'verify'] },
  'std.noop': { required: [], optional: [] },
  'std.echo': { required: ['output'], optional: ['delay'] },
  'std.fail': { required: [], optional: ['error_data'] },
};
/** Mistral 15's other std actions (setup.cfg): they exist there, the local cloud does not run them. */
const OTHER_STD_ACTIONS = ['std.async_noop', 'std.mistral_http', 'std.ssh', 'std.ssh_proxied', 'std.email', 'std.javascript', 'std.js', 'std.sleep', 'std.test_dict', 'std.wait_ssh'];
/** std.http parameters the local cloud does not implement. */
const HTTP_UNSUPPORTED = ['cookies', 'auth', 'proxies'];

function checkExpressions(value: unknown): void {
  try {
    validateExpressions(value);
  } catch (err) {
    if (err instanceof UnsupportedExpression) throw new MistralFault(400, err.message);
    throw err;
  }
}

function uniqueStrings(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid(`${pyRepr(v)} is not valid under any of the given schemas (${what})`);
  if (new Set(v).size !== v.length) throw invalid(`${pyRepr(v)} has non-unique elements (${what})`);
  return v as string[];
}

function readInput(v: unknown): InputSpec[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(`${pyRepr(v)} is not of type 'array' (input)`);
  const names = new Set<string>();
  return v.map((item): InputSpec => {
    let spec: InputSpec;
    if (typeof item === 'string') spec = { name: item, required: true };
    else if (isMap(item) && Object.keys(item).length === 1) {
      const [name, def] = Object.entries(item)[0]!;
      spec = { name, required: false, default: def };
    } else throw invalid(`${pyRepr(item)} is not valid under any of the given schemas (input)`);
    if (names.has(spec.name)) throw invalid(`${pyRepr(v)} has non-unique elements (input)`);
    names.add(spec.name);
    return spec;
  });
}

function readTransitions(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list)) {
    if (isMap(list)) throw localOnly(`${where} uses the publish/next form, which it does not support`);
    throw invalid(`${pyRepr(v)} is not valid under any of the given schemas (${where})`);
  }
  return list.map((t) => {
    if (typeof t !== 'string') throw localOnly(`${where} holds a conditional transition (${pyRepr(t)}), which it does not support`);
    return t;
  });
}

function readTask(workflow: string, name: string, raw: unknown): TaskSpec {
  const data = raw === null ? {} : raw;
  if (!isMap(data)) throw invalid(`${pyRepr(raw)} is not of type 'object' (task '${name}')`);
  for (const key of Object.keys(data)) {
    if (!TASK_KEYS.includes(key)) throw invalid(`Additional properties are not allowed ('${key}' was unexpected)`);
    if (!TASK_SUPPORTED.has(key)) throw localOnly(`task '${name}' of workflow '${workflow}' uses '${key}', which it does not support`);
  }
  if (data.type !== undefined && data.type !== 'direct') throw invalid(`'${String(data.type)}' is not one of ['direct'] (task '${name}')`);
  let action = 'std.noop'; // a task with neither action nor workflow runs std.noop
  if (data.action !== undefined) {
    if (typeof data.action !== 'string' || data.action === '') throw invalid(`${pyRepr(data.action)} is not of type 'string' (action)`);
    if (/\s/.test(data.action.trim())) {
      throw localOnly(`task '${name}' gives its action inline parameters ('${data.action}'); write them under input:`);
    }
    action = data.action.trim();
  }
  if (OTHER_STD_ACTIONS.includes(action)) throw localOnly(`task '${name}' runs ${action}; it runs only ${Object.keys(RUNNABLE_ACTIONS).join(', ')}`);
  let input: Record<string, unknown> = {};
  if (data.input !== undefined) {
    if (typeof data.input === 'string') throw localOnly(`task '${name}' gives its input as one expression, which it does not support`);
    if (!isMap(data.input) || Object.keys(data.input).length === 0) throw invalid(`${pyRepr(data.input)} is not valid under any of the given schemas (input)`);
    input = data.input;
  }
  const params = RUNNABLE_ACTIONS[action];
  if (params) {
    for (const key of Object.keys(input)) {
      if (action === 'std.http' && HTTP_UNSUPPORTED.includes(key)) throw localOnly(`task '${name}' passes '${key}' to std.http, which it does not support`);
    }
    const unexpected = Object.keys(input).filter((k) => !params.required.includes(k) && !params.optional.includes(k));
    const missing = params.required.filter((k) => !(k in input));
    if (missing.length || unexpected.length) {
      // What Mistral says when the task runs (engine/utils.validate_input); refused here at once.
      throw badRequest(`Invalid input [name=${action}, class=${action === 'std.http' ? 'HTTPAction' : 'Action'}${missing.length ? `, missing=${pyRepr(missing)}` : ''}${unexpected.length ? `, unexpected=${pyRepr(unexpected)}` : ''}]`);
    }
  }
  let publish: Record<string, unknown> = {};
  if (data.publish !== undefined) {
    if (!isMap(data.publish) || Object.keys(data.publish).length === 0) throw invalid(`${pyRepr(data.publish)} is not of type 'object' (publish)`);
    publish = data.publish;
  }
  checkExpressions(input);
  checkExpressions(publish);
  return {
    name,
    action,
    input,
    publish,
    onSuccess: readTransitions(data['on-success'], 'on-success'),
    onError: readTransitions(data['on-error'], 'on-error'),
    onComplete: readTransitions(data['on-complete'], 'on-complete'),
  };
}

function readWorkflow(name: string, raw: unknown): WorkflowSpec {
  if (!isMap(raw)) throw invalid(`${pyRepr(raw)} is not of type 'object'`);
  for (const key of Object.keys(raw)) {
    if (!WORKFLOW_KEYS.includes(key)) throw invalid(`Additional properties are not allowed ('${key}' was unexpected)`);
    if (WORKFLOW_UNSUPPORTED.includes(key)) throw localOnly(`workflow '${name}' uses '${key}', which it does not support`);
  }
  const type = raw.type ?? 'direct';
  if (type === 'reverse') throw localOnly(`workflow '${name}' is a reverse workflow; it runs direct workflows only`);
  if (type !== 'direct') throw invalid(`${pyRepr(type)} is not one of ['direct', 'reverse']`);
  if (!('tasks' in raw)) throw invalid("'tasks' is a required property");
  if (!isMap(raw.tasks) || Object.keys(raw.tasks).length === 0) throw invalid(`Workflow doesn't have any tasks [data=${pyRepr(raw)}]`);
  if (UUID_LIKE.test(name)) throw badRequest('Workflow name cannot be in the format of UUID.');
  const output = raw.output === undefined ? {} : raw.output;
  if (!isMap(output) || (raw.output !== undefined && Object.keys(output).length === 0)) throw invalid(`${pyRepr(raw.output)} is not of type 'object' (output)`);
  checkExpressions(output);
  const tasks = Object.entries(raw.tasks).map(([taskName, t]) => readTask(name, taskName, t));
  const names = new Set(tasks.map((t) => t.name));
  for (const t of tasks) {
    for (const target of [...t.onSuccess, ...t.onError, ...t.onComplete]) {
      if (ENGINE_COMMANDS.includes(target)) throw localOnly(`task '${t.name}' goes on to the engine command '${target}', which it does not support`);
      if (!names.has(target)) throw badRequest(`Task '${target}' not found.`);
    }
  }
  return {
    name,
    description: typeof raw.description === 'string' ? raw.description : null,
    tags: raw.tags === undefined ? [] : uniqueStrings(raw.tags, 'tags'),
    input: readInput(raw.input),
    output,
    outputDeclared: Object.keys(output),
    tasks,
  };
}

function checkVersion(doc: Record<string, unknown>): void {
  if (!('version' in doc)) return; // 2.0 by default (parser._get_spec_version)
  const ver = doc.version;
  const asFloat = typeof ver === 'number' ? ver : typeof ver === 'string' && ver.trim() !== '' ? Number(ver) : NaN;
  if (!ver || asFloat !== 2) throw new MistralFault(400, `Unsupported DSL version: ${typeof ver === 'string' ? ver : pyRepr(ver)}`);
}

export interface ParsedWorkflow {
  spec: WorkflowSpec;
  /** The text Mistral stores: the whole text for one workflow, else this one cut out of it. */
  definition: string;
}

/** get_workflow_list_spec_from_yaml, then _append_all_workflows' choice of definition text. */
export function parseWorkflowList(text: string): ParsedWorkflow[] {
  let doc: unknown;
  try {
    // PyYAML's safe_load reads YAML 1.1 and lets a repeated key win over the earlier one.
    doc = parseYaml(text, { version: '1.1', uniqueKeys: false }) ?? {};
  } catch (err) {
    throw new MistralFault(400, `Definition could not be parsed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  if (!isMap(doc)) throw invalid(`${pyRepr(doc)} is not of type 'object'`);
  checkVersion(doc);
  const names = Object.keys(doc).filter((k) => k !== 'version');
  if (names.length === 0) throw badRequest(`At least one item must be in the list [data=${pyRepr(doc)}].`);
  const specs = names.map((name) => {
    const wf = doc[name];
    if (isMap(wf)) checkVersion(wf);
    return readWorkflow(name, wf);
  });
  if (specs.length === 1) return [{ spec: specs[0]!, definition: text }];
  // safe_yaml.dump({'version': …, name: …}) in Mistral; YAML formatting differs from PyYAML's.
  return specs.map((spec) => ({ spec, definition: stringifyYaml({ version: doc.version ?? '2.0', [spec.name]: doc[spec.name] }) }));
}

/** Resource.Workflow._set_input: "a, b, c=\"default\"". */
export function inputString(input: InputSpec[]): string {
  return input.map((i) => (i.required ? i.name : `${i.name}="${typeof i.default === 'string' ? i.default : pyRepr(i.default)}"`)).join(', ');
}

/** Resource.Workflow._set_interface: {"input": [...as written], "output": [names]}. */
export function interfaceOf(spec: WorkflowSpec): { input: unknown[]; output: string[] } {
  return { input: spec.input.map((i) => (i.required ? i.name : { [i.name]: i.default })), output: spec.outputDeclared };
}
