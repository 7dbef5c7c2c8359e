// The one error class of the OpenStack client, and the extraction of a readable message
// from each service's error body. Nothing in here may carry a URL, a token or a raw body:
// `safeMessage` is what route handlers may show to the browser.

export type OpenStackService = 'identity' | 'compute' | 'image' | 'network' | 'workflow' | 'volume';
export type OpenStackErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response';

const MAX_MESSAGE = 300;

export class OpenStackError extends Error {
  readonly service: OpenStackService;
  readonly method: string;
  /** HTTP status; 0 when no response arrived (timeout, network failure). */
  readonly status: number;
  readonly kind: OpenStackErrorKind;
  readonly requestId: string | null;
  readonly safeMessage: string;

  constructor(init: {
    service: OpenStackService;
    method: string;
    status: number;
    kind: OpenStackErrorKind;
    requestId?: string | null;
    safeMessage: string;
    cause?: unknown;
  }) {
    const where = `${init.service} ${init.method}`;
    const what = init.kind === 'http' ? `HTTP ${init.status}` : init.kind;
    super(`OpenStack ${where} failed (${what}): ${init.safeMessage}`, { cause: init.cause });
    this.name = 'OpenStackError';
    this.service = init.service;
    this.method = init.method;
    this.status = init.status;
    this.kind = init.kind;
    this.requestId = init.requestId ?? null;
    this.safeMessage = init.safeMessage;
  }

  is(status: number): boolean {
    return this.kind === 'http' && this.status === status;
  }
}

export type CapabilityReason = 'no-endpoint' | 'microversion-too-low' | 'no-network-service' | 'no-workflow-service';

/** The cloud cannot do what was asked (missing catalog entry, too old a microversion).
 * Not an HTTP failure: no request was sent. */
export class OpenStackCapabilityError extends Error {
  readonly reason: CapabilityReason;
  readonly safeMessage: string;

  constructor(reason: CapabilityReason, safeMessage: string) {
    super(safeMessage);
    this.name = 'OpenStackCapabilityError';
    this.reason = reason;
    this.safeMessage = safeMessage;
  }
}

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** Removes what must never reach a browser and normalises whitespace. */
export function sanitizeMessage(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  out = out
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(URL_RE, '[url]')
    .replace(/\s+/g, ' ')
    .trim();
  if (out.length > MAX_MESSAGE) out = `${out.slice(0, MAX_MESSAGE - 1).trimEnd()}…`;
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The message of a JSON error body, in the shapes the services use:
 * Glance/webob `{"message"}`, Nova and Cinder `{"<fault>":{"message"}}`, Keystone `{"error":{"message"}}`,
 * Neutron `{"NeutronError":{"message"}}` (older Neutron: `{"NeutronError":"text"}`),
 * Mistral `{"faultstring"}` (WSME adds faultcode and debuginfo; its pecan handlers do not),
 * and pecan/webob's own `{"code","title","description"}` (Mistral's 401 and 406). */
function messageFromJson(body: unknown): string | null {
  if (!isRecord(body)) return null;
  if (typeof body.message === 'string') return body.message;
  if (typeof body.faultstring === 'string') return body.faultstring;
  if (typeof body.description === 'string' && typeof body.title === 'string') return body.description || body.title;
  for (const value of Object.values(body)) {
    if (isRecord(value) && typeof value.message === 'string') return value.message;
  }
  if (typeof body.NeutronError === 'string') return body.NeutronError;
  return null;
}

const STATUS_LINE_RE = /^\d{3}(\s+[A-Za-z][A-Za-z '-]*)?$/;

/** First line of a text/HTML body that says more than the status line ("404 Not Found").
 * What follows an <hr> is the server's signature ("nginx", "Apache/2.4 … Server at …"),
 * never the message; a page that is only a status line (a proxy's) gives its reason phrase. */
function messageFromText(text: string): string | null {
  const withoutHead = text
    .replace(/<head[\s\S]*?<\/head>/i, ' ')
    .replace(/<title[\s\S]*?<\/title>/i, ' ')
    .replace(/<hr\b[\s\S]*$/i, ' ');
  const lines = withoutHead
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h\d|div|li|title)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  const said = lines.find((l) => !STATUS_LINE_RE.test(l));
  if (said) return said;
  return lines[0]?.replace(/^\d{3}\s*/, '') || null;
}

/** A safe, readable message for an error response. `secrets` (the token) are redacted. */
export function extractSafeMessage(
  status: number,
  contentType: string | null,
  bodyText: string,
  secrets: readonly string[] = [],
): string {
  let raw: string | null = null;
  const looksJson = (contentType ?? '').includes('json') || /^\s*[{[]/.test(bodyText);
  if (looksJson) {
    try {
      raw = messageFromJson(JSON.parse(bodyText));
    } catch {
      raw = null;
    }
  }
  if (raw === null && bodyText.trim() !== '' && !looksJson) raw = messageFromText(bodyText);
  const cleaned = raw === null ? '' : sanitizeMessage(raw, secrets);
  return cleaned !== '' ? cleaned : `The service answered HTTP ${status}.`;
}
