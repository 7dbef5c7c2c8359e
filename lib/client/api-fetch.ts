// The browser's only way to the cloud: Snapdeck's own route handlers. A 401 means the
// session is over: go to sign-in and come back here afterwards.
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly requestId: string | null = null,
    readonly fields: Record<string, string> = {},
    /** The cloud's own words, where `message` explains them. */
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

/** The ApiError for a route handler's error body (`{ error: { … } }`'s inside), whatever is
 * missing from it. */
export function apiErrorOf(status: number, e: { message?: unknown; requestId?: unknown; fields?: unknown; detail?: unknown } | null | undefined): ApiError {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const fields = e?.fields && typeof e.fields === 'object' ? (e.fields as Record<string, string>) : {};
  return new ApiError(status, text(e?.message) ?? `Request failed (${status})`, text(e?.requestId), fields, text(e?.detail));
}

/** Whether a failed request may still have taken effect: no answer came (status 0), or
 * Snapdeck relayed a cloud failure or an answer it could not read (5xx). Only a 4xx is a
 * refusal that says nothing was done. A form should say so before the user sends it again. */
export function outcomeUnknown(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
}

export function loginUrlForHere(): string {
  const here = window.location.pathname + window.location.search;
  return `/login?next=${encodeURIComponent(here)}`;
}

export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('Content-Type', 'application/json');
  headers.set('Accept', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'Snapdeck could not be reached. Check your connection and try again.');
  }
  if (res.status === 401) {
    window.location.assign(loginUrlForHere());
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    throw apiErrorOf(res.status, (body as { error?: Record<string, unknown> } | null)?.error);
  }
  return body as T;
}
