// The part of Mistral's expression language the local cloud evaluates: inline YAQL
// `<% … %>` (mistral/expressions/yaql_expression.py, InlineYAQLEvaluator) with
//   $                       the data context
//   $.a.b                   keys of the context and of what they hold
//   task().a.b              the current task: id, name, state, state_info, result, published
//   task(name).a.b          another task of the execution, by name in quotes
// which is what Snapdeck's backup workflow uses. Anything else (operators, other functions,
// indexing, Jinja `{{ }}`) is refused when the workflow is created, with a 400 that says so.

export class UnsupportedExpression extends Error {}

/** A YAQL evaluation failure, worded as Mistral's YaqlEvaluationException. */
export class ExpressionError extends Error {}

const INLINE = /<%.*?%>/gs;
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = new RegExp(`^(?:\\$|task\\(\\s*(?:'(${IDENT})'|"(${IDENT})")?\\s*\\))((?:\\.${IDENT})*)$`);

export interface Parsed {
  root: '$' | 'task';
  taskName: string | null;
  keys: string[];
}

/** One expression (without <% %>), or UnsupportedExpression. */
export function parseExpression(text: string): Parsed {
  const expr = text.trim();
  const m = PATH.exec(expr);
  if (!m) {
    throw new UnsupportedExpression(
      `The local cloud's Mistral does not evaluate the YAQL expression '${expr}': it supports only $, $.key… and task().key… (task('name') too).`,
    );
  }
  const isTask = expr.startsWith('task');
  return { root: isTask ? 'task' : '$', taskName: isTask ? (m[1] ?? m[2] ?? null) : null, keys: m[3] ? m[3].slice(1).split('.') : [] };
}

/** Every expression found in a string, parsed (throws on the first one that is not supported). */
export function expressionsIn(s: string): Parsed[] {
  if (/\{\{.*?\}\}|\{%.*?%\}/s.test(s)) {
    throw new UnsupportedExpression(`The local cloud's Mistral does not evaluate Jinja expressions ('${s.slice(0, 80)}'); use YAQL <% … %>.`);
  }
  return (s.match(INLINE) ?? []).map((e) => parseExpression(e.slice(2, -2)));
}

/** Checks every string in a value (a task's input, publish, a workflow's output). */
export function validateExpressions(value: unknown): void {
  if (typeof value === 'string') expressionsIn(value);
  else if (Array.isArray(value)) value.forEach(validateExpressions);
  else if (value && typeof value === 'object') Object.values(value).forEach(validateExpressions);
}

export interface TaskView {
  id: string;
  name: string;
  state: string;
  state_info: string | null;
  result: unknown;
  published: Record<string, unknown>;
}

export interface EvalContext {
  /** ContextView: the first of these dicts that has a key gives its value (data_flow.ContextView). */
  layers: Record<string, unknown>[];
  currentTask: TaskView | null;
  taskByName: (name: string) => TaskView | null;
}

const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const typeName = (v: unknown) => (v === null || v === undefined ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'dict' : typeof v === 'string' ? 'str' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'bool');

function evaluateOne(p: Parsed, source: string, ctx: EvalContext): unknown {
  let value: unknown;
  let i = 0;
  if (p.root === 'task') {
    const task = p.taskName === null ? ctx.currentTask : ctx.taskByName(p.taskName);
    if (!task) throw new ExpressionError(`Can not evaluate YAQL expression [expression=${source}, error=Task not found: ${p.taskName ?? 'current task'}, data=<context>]`);
    value = task;
  } else {
    if (p.keys.length === 0) return Object.assign({}, ...[...ctx.layers].reverse());
    const layer = ctx.layers.find((l) => has(l, p.keys[0]!));
    value = layer ? layer[p.keys[0]!] : null;
    i = 1;
  }
  for (; i < p.keys.length; i++) {
    // YAQL's `.` on a dict is dict.get (null when absent); on anything else there is no such method.
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ExpressionError(
        `Can not evaluate YAQL expression [expression=${source}, error=No method "#operator_." for receiver ${typeName(value)} matches supplied arguments, data=<context>]`,
      );
    }
    const obj = value as Record<string, unknown>;
    value = has(obj, p.keys[i]!) ? obj[p.keys[i]!] : null;
  }
  return value === undefined ? null : value;
}

/**
 * InlineYAQLEvaluator.evaluate: a string that is one expression gives its value with its
 * type; expressions inside other text are replaced by str() of their value.
 */
export function evaluateString(s: string, ctx: EvalContext, str: (v: unknown) => string): unknown {
  const found = s.match(INLINE);
  if (!found) return s;
  let result: unknown = s;
  for (const expr of found) {
    const value = evaluateOne(parseExpression(expr.slice(2, -2)), expr.slice(2, -2).trim(), ctx);
    if (expr.length === s.length) result = value;
    // Python's str.replace: every occurrence, and no $-patterns in the replacement.
    else result = (result as string).split(expr).join(str(value));
  }
  return result;
}

/** expr.evaluate_recursively: every string of a structure, keys left as they are. */
export function evaluateRecursively(value: unknown, ctx: EvalContext, str: (v: unknown) => string): unknown {
  if (typeof value === 'string') return evaluateString(value, ctx, str);
  if (Array.isArray(value)) return value.map((v) => evaluateRecursively(v, ctx, str));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateRecursively(v, ctx, str)]));
  }
  return value;
}
