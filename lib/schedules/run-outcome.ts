// What the History table shows for one Mistral execution of the backup workflow: its status,
// the backup image it made, and why it failed, in words. Browser-safe.
//
// A failed run's state_info is Mistral's text (mistral/engine/workflows.py
// _build_fail_info_message): "Failure caused by error in tasks: <names>", then for each task
// "  <name> [task_ex_id=<id>] -> <task state_info>" and its action's error. For std.http the
// task's state_info is str() of the action's result, a Python dict whose first keys are
// 'content' (Nova's JSON body) and 'status'; for nova.servers_backup, novaclient's message
// with "(HTTP <status>)". That text can hold a token (a YAQL error quotes its data,
// $.openstack.auth_token included), so only what is read out of it is shown, and any
// excerpt is redacted and cut short.
import { isGuid } from '@/lib/openstack/ids';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'paused';

export interface RunOutcome {
  status: RunStatus;
  /** The image Nova made (the workflow publishes createBackup's image_id, microversion 2.45). */
  imageId: string | null;
  /** Why it failed (or was cancelled or paused, when Mistral says), in a sentence. */
  reason: string | null;
}

export interface ExecutionFacts {
  state: string;
  stateInfo: string | null;
  output: Record<string, unknown> | null;
}

/** Mistral's workflow states (mistral/workflow/states.py). */
const STATUS_OF: Record<string, RunStatus> = {
  IDLE: 'running', WAITING: 'running', RUNNING: 'running', RUNNING_DELAYED: 'running',
  SUCCESS: 'succeeded', ERROR: 'failed', CANCELLED: 'cancelled', PAUSED: 'paused',
};

export const NOVA_MESSAGE_MAX = 200;
export const EXCERPT_MAX = 160;

export const TRUST_REFUSED =
  "The schedule's trust was refused (401): the user who saved the schedule may have been removed from the project or lost their role. Edit and save the schedule to renew it.";

export function runOutcome(ex: ExecutionFacts): RunOutcome {
  const imageId = typeof ex.output?.image_id === 'string' && isGuid(ex.output.image_id) ? ex.output.image_id : null;
  const status = STATUS_OF[ex.state];
  // Mistral writes the failure into output.result too; lists without output still have state_info.
  const info = ex.stateInfo ?? (typeof ex.output?.result === 'string' ? ex.output.result : null);
  if (!status) return { status: 'failed', imageId, reason: `Mistral reported the state “${excerpt(ex.state, 40)}”, which Snapdeck does not know.` };
  if (status === 'failed') return { status, imageId, reason: failureReason(info) };
  if ((status === 'cancelled' || status === 'paused') && info?.trim()) return { status, imageId, reason: `Mistral says: “${excerpt(info)}”` };
  return { status, imageId, reason: null };
}

// ---------------------------------------------------------------- failures

const UNREACHABLE = 'Failed to send HTTP request: ';

function failureReason(info: string | null): string {
  if (!info?.trim()) return 'The backup run failed, and Mistral did not say why.';
  // The first failed task's own state_info (the rest of its line); the text as it is otherwise.
  const detail = /\[task_ex_id=[^\]\n]*\] -> ([^\n]*)/.exec(info)?.[1] ?? info;
  if (detail.startsWith('{')) {
    const result = readPythonDict(detail);
    if (typeof result.status === 'number') return httpFailure(result.status, result.content, result.reason);
  }
  // nova.servers_backup (mistral-extra) fails with novaclient's words:
  // "NovaAction.servers.backup failed: <Nova's message> (HTTP 409) (Request-ID: req-…)".
  const novaclient = / \(HTTP (\d{3})\)/.exec(detail);
  if (novaclient) {
    const said = detail.slice(0, novaclient.index).replace(/^[\s\S]*\bfailed: /, '');
    return httpFailure(Number(novaclient[1]), { message: said }, null);
  }
  if (/\bcould not be found\b/i.test(detail)) return httpFailure(404, null, null);
  // Mistral's executor may wrap it: "The action raised an exception [action=…(its params,
  // headers and token included)…, msg='Failed to send HTTP request: …']": the last one counts.
  const at = detail.lastIndexOf(UNREACHABLE);
  if (at >= 0) return `Nova could not be reached: ${excerpt(detail.slice(at + UNREACHABLE.length).replace(/'\]$/, ''))}`;
  return `The backup run failed: ${excerpt(detail)}`;
}

/** Nova's error body: {"conflictingRequest": {"code": 409, "message": "…"}} (and Keystone's
 * {"error": {…}}); a plain string body when it is not HTML. */
function novaMessage(content: unknown): string | null {
  if (typeof content === 'string') return content.trim() && !content.trimStart().startsWith('<') ? content : null;
  if (!content || typeof content !== 'object' || Array.isArray(content)) return null;
  const c = content as Record<string, unknown>;
  if (typeof c.message === 'string') return c.message;
  for (const v of Object.values(c)) {
    const message = v && typeof v === 'object' ? (v as Record<string, unknown>).message : undefined;
    if (typeof message === 'string') return message;
  }
  return null;
}

function httpFailure(status: number, content: unknown, reasonPhrase: unknown): string {
  const raw = novaMessage(content);
  const said = raw ? `: Nova said “${excerpt(raw, NOVA_MESSAGE_MAX)}”.` : '.';
  const phrase = typeof reasonPhrase === 'string' && /^[A-Za-z][A-Za-z '-]{0,40}$/.test(reasonPhrase) ? ` ${reasonPhrase}` : '';
  const code = raw ? `(${status})` : `(${status}${phrase})`;
  if (status === 401) return TRUST_REFUSED;
  if (status === 404) return 'The instance no longer exists (404).';
  if (status === 409 && raw && /\btask_state\b/.test(raw)) return `The instance was busy with another task ${code}${said}`;
  if (status === 409 && raw && /\bvm_state\b/.test(raw)) return `The instance is in a state that does not allow a backup ${code}${said}`;
  if (status === 413 || (status === 403 && raw && /quota|limit exceeded|over ?limit/i.test(raw))) return `Quota exceeded ${code}${said}`;
  if (status >= 500) return `Nova failed ${code}${said}`;
  return `Nova refused the backup ${code}${said}`;
}

// ---------------------------------------------------------------- redaction

const TOKEN_KEY = /((?:x-(?:auth|subject|service)-token|authorization|auth_token|token|password|secret)['"]?\s*[:=]\s*['"]?)(?:bearer\s+)?[^'"\s,}\]]+/gi;

/**
 * Text safe to show: token-bearing keys and headers blanked, then any long run of
 * base64url/hex-like characters (a Keystone Fernet token is ~180 of them, from gAAAA; a
 * JWS token three such runs) except ids (UUIDs); YAQL's data dump and header dicts dropped.
 */
export function redact(text: string): string {
  return text
    .replace(/, data=[\s\S]*$/, ', data=…]')
    .replace(/(headers['"]?\s*[:=]\s*)\{[^}]*\}?/gi, '$1{…}')
    .replace(TOKEN_KEY, '$1[redacted]')
    .replace(/gAAAA[A-Za-z0-9_=-]*/g, '[redacted]')
    .replace(/[A-Za-z0-9_+/=-]{32,}/g, (run) => (isGuid(run) ? run : '[redacted]'));
}

/** Redacted, on one line, at most `max` characters. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const one = redact(text).replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
}

// ---------------------------------------------------------------- Python's str() of a dict

class Unreadable extends Error {}

/**
 * The keys of a Python dict literal read in order, up to the first value that cannot be
 * read (a `<Response [302]>` in 'history', or text Mistral cut short): 'content' and
 * 'status' come first in std.http's result.
 */
function readPythonDict(text: string): Record<string, unknown> {
  const r = new PyReader(text);
  const out: Record<string, unknown> = {};
  try {
    r.expect('{');
    while (!r.take('}')) {
      const key = r.value();
      r.expect(':');
      const value = r.value();
      if (typeof key === 'string') out[key] = value;
      if (r.take(',')) continue;
      r.expect('}');
      break;
    }
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

class PyReader {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  take(ch: string): boolean {
    this.skip();
    if (this.s[this.i] !== ch) return false;
    this.i++;
    return true;
  }

  expect(ch: string): void {
    if (!this.take(ch)) throw new Unreadable();
  }

  value(): unknown {
    this.skip();
    const c = this.s[this.i];
    if (c === "'" || c === '"') return this.string(c);
    if (c === '{' || c === '[' || c === '(') return this.container(c);
    const word = /^(?:True|False|None|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/.exec(this.s.slice(this.i, this.i + 40))?.[0];
    if (!word) throw new Unreadable();
    this.i += word.length;
    return word === 'True' ? true : word === 'False' ? false : word === 'None' ? null : Number(word);
  }

  private container(open: string): unknown {
    if (++this.depth > 20) throw new Unreadable();
    const close = open === '{' ? '}' : open === '[' ? ']' : ')';
    this.i++;
    const dict: Record<string, unknown> = {};
    const list: unknown[] = [];
    while (!this.take(close)) {
      const v = this.value();
      if (open === '{') {
        this.expect(':');
        const val = this.value();
        if (typeof v === 'string') dict[v] = val;
      } else {
        list.push(v);
      }
      if (this.take(',')) continue;
      this.expect(close);
      break;
    }
    this.depth--;
    return open === '{' ? dict : list;
  }

  private string(quote: string): string {
    let out = '';
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex) {
        const code = this.s.slice(this.i, this.i + hex);
        if (!/^[0-9a-fA-F]+$/.test(code) || code.length !== hex) throw new Unreadable();
        out += String.fromCodePoint(parseInt(code, 16));
        this.i += hex;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
      } else {
        out += `\\${e ?? ''}`;
      }
    }
    throw new Unreadable();
  }
}
