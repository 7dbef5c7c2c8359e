// Mistral's error bodies. Most of its API is WSME (wsexpose), whose errors are
// {"faultcode": "Client"|"Server", "faultstring", "debuginfo": null} (wsme/api.py
// format_exception); the text/plain handlers (POST/PUT /v2/workflows) are pecan ones that
// answer {"faultstring"} only (rest_utils.wrap_pecan_controller_exception).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A Mistral exception: its http_code and message (mistral/exceptions.py). */
export class MistralFault extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'MistralFault';
  }
}

export const notFound = (message: string) => new MistralFault(404, message);
export const badRequest = (message: string) => new MistralFault(400, message);

export function wsmeError(c: Context, status: number, faultstring: string): Response {
  const body = { faultcode: status < 500 ? 'Client' : 'Server', faultstring, debuginfo: null };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'Content-Type': 'application/json' });
}

export function pecanError(c: Context, status: number, faultstring: string): Response {
  return c.body(JSON.stringify({ faultstring }), status as ContentfulStatusCode, { 'Content-Type': 'application/json; charset=UTF-8' });
}

/** What the local cloud refuses because it does not implement it (not a Mistral answer). */
export const unsupported = (what: string) => new MistralFault(400, `${what} (not supported by the local cloud's Mistral).`);
