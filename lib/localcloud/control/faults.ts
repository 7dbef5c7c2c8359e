// Fault injection for reliability tests: rules added through /__admin/faults are matched in
// order before routing. Latency rules add up and let the request go on; the first rule of
// another kind answers in place of the service.
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { CloudContext, CloudEnv } from '../context';
import { keystoneError, neutronError, novaFault, reason, webobError } from '../errors';
import { wsmeError } from '../mistral/errors';
import type { FaultRule } from '../state/state';

const status = z.number().int().min(100).max(599);

/** A fault rule's path, parsed: the literal text and whether it is anchored at either end. */
export interface PathPattern {
  text: string;
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

const PATTERN_RULES = 'a fault path is a literal path, with ^ first to anchor its start and $ last to anchor its end '
  + '(unanchored means "contains"), and "." or "\\." for a dot, e.g. ^/compute/v2\\.1/servers$';
// A bare `.` is a dot too: every rule written so far (`/compute/v2.1/...`) meant the literal one.
const REFUSED = new Set(['^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

/** Parses a fault path: the start of a regular expression's syntax and nothing more, so that
 * matching is string comparison, linear in the path, and no RegExp is ever built from a
 * request (a pattern like `(a+)+$` would backtrack). Returns the error message otherwise. */
export function parsePathPattern(pattern: string): PathPattern | string {
  const anchoredStart = pattern.startsWith('^');
  let body = anchoredStart ? pattern.slice(1) : pattern;
  // A `$` that ends the pattern anchors it (`\$` is refused below: only a dot may be escaped).
  const anchoredEnd = body.endsWith('$') && !body.endsWith('\\$');
  if (anchoredEnd) body = body.slice(0, -1);
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      if (body[i + 1] !== '.') return `"\\" may only escape a dot (at ${JSON.stringify(body.slice(i, i + 2))}): ${PATTERN_RULES}`;
      text += '.';
      i++;
    } else if (REFUSED.has(ch)) {
      return `"${ch}" is not accepted here: ${PATTERN_RULES}`;
    } else {
      text += ch;
    }
  }
  return { text, anchoredStart, anchoredEnd };
}

export function matchesPath(pattern: PathPattern, path: string): boolean {
  const { text, anchoredStart, anchoredEnd } = pattern;
  if (anchoredStart && anchoredEnd) return path === text;
  if (anchoredStart) return path.startsWith(text);
  if (anchoredEnd) return path.endsWith(text);
  return path.includes(text);
}

// Rules are validated when added; parsed once per rule object.
const parsedRules = new WeakMap<FaultRule, PathPattern | null>();
function ruleMatches(rule: FaultRule, path: string): boolean {
  let pattern = parsedRules.get(rule);
  if (pattern === undefined) {
    const parsed = parsePathPattern(rule.path);
    pattern = typeof parsed === 'string' ? null : parsed;
    parsedRules.set(rule, pattern);
  }
  return pattern !== null && matchesPath(pattern, path);
}

export const faultRuleInputSchema = z.strictObject({
  method: z.string().regex(/^[A-Za-z]+$/, 'method is an HTTP method such as GET').transform((m) => m.toUpperCase()).optional(),
  path: z.string().min(1).max(2048).superRefine((p, ctx) => {
    const parsed = parsePathPattern(p);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  times: z.number().int().min(1).nullable().default(1),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('latency'), ms: z.number().int().min(0).max(600_000) }),
    z.strictObject({ type: z.literal('status'), status, body: z.string().optional(), contentType: z.string().min(1).optional() }),
    z.strictObject({ type: z.literal('html'), status }),
    z.strictObject({ type: z.literal('reset') }),
    z.strictObject({ type: z.literal('malformed-json'), status: status.optional() }),
  ]),
});
export type FaultRuleInput = z.input<typeof faultRuleInputSchema>;

/** Raised for a `reset` rule when there is no socket to destroy (in-process app.request()). */
export class InjectedConnectionReset extends Error {
  constructor() {
    super('connection reset by fault injection');
    this.name = 'InjectedConnectionReset';
  }
}

/** The node request behind a Hono context when served by @hono/node-server. */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

const NOVA_500 = 'Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class \'Exception\'>';

/** An error in the shape of the service the path belongs to. */
export function serviceErrorResponse(c: Context, path: string, code: number): Response {
  const service = path.split('/')[1];
  const message = code === 503 ? 'The server is currently unavailable. Please try again at a later time.' : `Injected fault: ${reason(code)}.`;
  switch (service) {
    case 'compute': return novaFault(c, code, code === 500 ? NOVA_500 : message);
    case 'image': return webobError(c, code, message);
    case 'network': return neutronError(c, code, code >= 500 ? 'HTTPInternalServerError' : 'HTTPError', message);
    case 'workflow': return wsmeError(c, code, message);
    default: return keystoneError(c, code, message);
  }
}

/** A proxy's error page, as nginx writes it when the service behind it fails. */
export function proxyHtml(code: number): string {
  const title = `${code} ${reason(code)}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A strict prefix of a JSON object or array is never valid JSON. */
function truncateJson(text: string): string {
  const t = text.trim();
  if (t.length < 4 || !/^[[{]/.test(t)) return '{"truncated": [';
  return t.slice(0, Math.ceil(t.length / 2));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Takes the rules that apply to this request, counting them down. */
function matchingRules(cloud: CloudContext, method: string, path: string): FaultRule[] {
  const hits: FaultRule[] = [];
  for (const rule of cloud.state.faults) {
    if (rule.method && rule.method !== method) continue;
    if (!ruleMatches(rule, path)) continue;
    hits.push(rule);
    if (rule.times !== null) rule.times -= 1;
    if (rule.action.type !== 'latency') break;
  }
  if (hits.some((r) => r.times === 0)) cloud.state.faults = cloud.state.faults.filter((r) => r.times !== 0);
  return hits;
}

export function applyFaults(cloud: CloudContext): MiddlewareHandler<CloudEnv> {
  return async (c, next) => {
    if (cloud.state.faults.length === 0) return next();
    const path = c.req.path;
    if (path.startsWith('/__admin')) return next();
    const rules = matchingRules(cloud, c.req.method, path);
    let delay = 0;
    for (const rule of rules) {
      const a = rule.action;
      switch (a.type) {
        case 'latency':
          delay += a.ms;
          break;
        case 'status':
          if (delay) await sleep(delay);
          if (a.body === undefined) return serviceErrorResponse(c, path, a.status);
          return c.body(a.body, a.status as ContentfulStatusCode, {
            'Content-Type': a.contentType ?? (looksLikeJson(a.body) ? 'application/json' : 'text/plain; charset=UTF-8'),
          });
        case 'html':
          if (delay) await sleep(delay);
          return c.body(proxyHtml(a.status), a.status as ContentfulStatusCode, { 'Content-Type': 'text/html' });
        case 'reset': {
          if (delay) await sleep(delay);
          const socket = nodeIncoming(c)?.socket;
          if (!socket) throw new InjectedConnectionReset();
          socket.resetAndDestroy();
          return c.body(null, 500);
        }
        case 'malformed-json': {
          if (delay) await sleep(delay);
          await next();
          const text = await c.res.text();
          const headers = new Headers(c.res.headers);
          headers.set('Content-Type', 'application/json');
          headers.delete('Content-Length');
          c.res = undefined;
          c.res = new Response(truncateJson(text), { status: a.status ?? 200, headers });
          return;
        }
      }
    }
    if (delay) await sleep(delay);
    return next();
  };
}

function looksLikeJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** Adds a rule; returns it with its id. */
export function addFault(cloud: CloudContext, input: z.output<typeof faultRuleInputSchema>): FaultRule {
  const rule: FaultRule = { id: crypto.randomUUID(), path: input.path, times: input.times, action: input.action, ...(input.method ? { method: input.method } : {}) };
  cloud.state.faults.push(rule);
  return rule;
}
