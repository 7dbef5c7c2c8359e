// Glance's failures as values: helpers throw GlanceError, the route wrapper turns it into
// the webob body (../errors.ts) so every handler reports errors the same way.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { reason, webobError } from '../errors';

export class GlanceError extends Error {
  constructor(
    readonly status: number,
    /** webob `explanation`: the text before `<br /><br />`. */
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    /** A webob class with its own body template (415, 405, 416) gives the whole body here. */
    readonly rawBody?: string,
  ) {
    super(detail);
  }
}

export const fail = (status: number, detail: string, headers?: Record<string, string>): never => {
  throw new GlanceError(status, detail, headers);
};

/** HTTPUnsupportedMediaType: its template names the request's content type and ignores the explanation. */
export const unsupportedMediaType = (contentType: string, headers?: Record<string, string>): GlanceError =>
  new GlanceError(415, '', headers, `The request media type ${contentType} is not supported by this server.\n<br /><br />\n`);

/** HTTPMethodNotAllowed, as glance's reject_method_resource raises it. */
export const methodNotAllowed = (method: string, allowed: string): GlanceError =>
  new GlanceError(405, '', { Allow: allowed }, `The method ${method} is not allowed for this resource. <br /><br />\n`);

/** HTTPRequestRangeNotSatisfiable(detail): default explanation, then glance's text as detail. */
export const rangeNotSatisfiable = (detail: string): GlanceError =>
  new GlanceError(416, '', {}, `The Range requested is not available.<br /><br />\n${detail}\n\n`);

/** webob's strip_tags, used for the text/plain form of a body. */
const stripTags = (s: string) =>
  s.replace(/\n/g, ' ').replace(/\r/g, '').replace(/<br.*?>/gis, '\n').replace(/<!--|-->/g, '').replace(/<.*?>/gs, '');

export function glanceErrorResponse(c: Context, err: GlanceError): Response {
  if (err.rawBody === undefined) return webobError(c, err.status, err.detail, err.headers);
  // Same three forms as webobError, from a body that is not "<explanation><br /><br />\n\n\n".
  const code = `${err.status} ${reason(err.status)}`;
  const accept = c.req.header('Accept');
  const s = err.status as ContentfulStatusCode;
  if (accept && accept.includes('application/json')) {
    return c.body(JSON.stringify({ message: err.rawBody, code, title: reason(err.status) }), s, { ...err.headers, 'Content-Type': 'application/json' });
  }
  if (!accept) return c.body(`${code}\n\n${stripTags(err.rawBody)}`, s, { ...err.headers, 'Content-Type': 'text/plain; charset=UTF-8' });
  const html = `<html>\n <head>\n  <title>${code}</title>\n </head>\n <body>\n  <h1>${code}</h1>\n  ${err.rawBody}\n </body>\n</html>`;
  return c.body(html, s, { ...err.headers, 'Content-Type': 'text/html; charset=UTF-8' });
}

/** Python's repr(), for messages glance builds with %r or jsonschema's f"{x!r}". */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}

/** A rough pprint.pformat(width=72): one line when it fits, else one dict entry per line
 * with sorted keys. Long strings are not split as Python would. */
export function pyFormat(v: unknown, indent = 0): string {
  const sorted = (o: Record<string, unknown>) => Object.keys(o).sort().map((k) => [k, o[k]] as const);
  const oneLine = (x: unknown): string =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? `{${sorted(x as Record<string, unknown>).map(([k, y]) => `${pyRepr(k)}: ${oneLine(y)}`).join(', ')}}`
      : Array.isArray(x) ? `[${x.map(oneLine).join(', ')}]` : pyRepr(x);
  const flat = oneLine(v);
  if (flat.length + indent <= 72 || !v || typeof v !== 'object') return flat;
  const pad = ' '.repeat(indent + 1);
  if (Array.isArray(v)) return `[${v.map((x) => pyFormat(x, indent + 1)).join(`,\n${pad}`)}]`;
  return `{${sorted(v as Record<string, unknown>)
    .map(([k, x]) => `${pyRepr(k)}: ${pyFormat(x, indent + 1 + pyRepr(k).length + 2)}`)
    .join(`,\n${pad}`)}}`;
}
