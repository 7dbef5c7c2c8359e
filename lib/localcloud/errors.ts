// Error bodies in each service's own shape.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type',
  416: 'Requested Range Not Satisfiable', 429: 'Too Many Requests', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};
export const reason = (status: number): string => REASONS[status] ?? 'Error';

/** Keystone: {"error": {"code", "message", "title"}}. */
export function keystoneError(c: Context, status: number, message: string): Response {
  return c.json({ error: { code: status, message, title: reason(status) } }, status as ContentfulStatusCode);
}

const NOVA_FAULT_NAMES: Record<number, string> = {
  400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound', 405: 'badMethod',
  409: 'conflictingRequest', 413: 'overLimit', 415: 'badMediaType', 429: 'overLimit', 501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Nova: {"<faultName>": {"code", "message"}}, application/json; charset=UTF-8. */
export function novaFault(c: Context, status: number, message: string): Response {
  const name = NOVA_FAULT_NAMES[status] ?? 'computeFault';
  const body: Record<string, unknown> = { code: status, message };
  if (status === 413 || status === 429) body.retryAfter = '0';
  return c.body(JSON.stringify({ [name]: body }), status as ContentfulStatusCode, {
    'Content-Type': 'application/json; charset=UTF-8',
  });
}

/** Glance (webob): the body's format follows Accept: JSON with application/json, HTML for
 * text/html or *\/*, plain text when no Accept header is sent. */
export function webobError(c: Context, status: number, detail: string, headers: Record<string, string> = {}): Response {
  const title = reason(status);
  const code = `${status} ${title}`;
  const accept = c.req.header('Accept');
  const s = status as ContentfulStatusCode;
  if (accept && accept.includes('application/json')) {
    return c.body(JSON.stringify({ message: `${detail}<br /><br />\n\n\n`, code, title }), s, {
      ...headers,
      'Content-Type': 'application/json',
    });
  }
  if (!accept) {
    return c.body(`${code}\n\n${detail}\n\n   `, s, { ...headers, 'Content-Type': 'text/plain; charset=UTF-8' });
  }
  const html = `<html>\n <head>\n  <title>${code}</title>\n </head>\n <body>\n  <h1>${code}</h1>\n  ${detail}<br /><br />\n\n\n\n </body>\n</html>`;
  return c.body(html, s, { ...headers, 'Content-Type': 'text/html; charset=UTF-8' });
}

/** Neutron: {"NeutronError": {"type", "message", "detail"}}. */
export function neutronError(c: Context, status: number, type: string, message: string): Response {
  return c.json({ NeutronError: { type, message, detail: '' } }, status as ContentfulStatusCode);
}
