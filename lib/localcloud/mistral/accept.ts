// Content negotiation as Mistral's pecan does it (pecan/core.py, webob/acceptparse.py), for
// the two places where clients meet it: POST and PUT /v2/workflows, exposed as text/plain
// only, answer 406 to an Accept that refuses text/plain (before any token check); and the
// AuthHook's 401 comes in JSON, HTML or plain text as the Accept header asks.

interface Range { type: string; subtype: string; q: number; specificity: number }

function parseAccept(header: string): Range[] | null {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [media, ...params] = part.trim().split(';').map((s) => s.trim());
    if (!media) continue;
    const m = /^([\w.+*-]+)\/([\w.+*-]+)$/.exec(media);
    if (!m || (m[1] === '*' && m[2] !== '*')) return null;
    let q = 1;
    for (const p of params) {
      const qm = /^q=([01](?:\.\d{0,3})?)$/i.exec(p);
      if (qm) q = Number(qm[1]);
    }
    ranges.push({ type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), q, specificity: m[1] === '*' ? 0 : m[2] === '*' ? 1 : 2 });
  }
  return ranges;
}

/**
 * webob's AcceptValidHeader.acceptable_offers: the offers whose most specific matching range
 * has q > 0, best q first (ties keep the offers' order). An absent or invalid header accepts
 * every offer.
 */
export function acceptableOffers(header: string | null | undefined, offers: readonly string[]): string[] {
  const ranges = header === null || header === undefined ? null : parseAccept(header);
  if (ranges === null) return [...offers];
  const scored = offers.flatMap((offer, index) => {
    const [type, subtype] = offer.toLowerCase().split('/');
    const matching = ranges.filter((r) => (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype));
    if (matching.length === 0) return [];
    const best = Math.max(...matching.map((r) => r.specificity));
    const q = Math.max(...matching.filter((r) => r.specificity === best).map((r) => r.q));
    return q > 0 ? [{ offer, index, q }] : [];
  });
  return scored.sort((a, b) => b.q - a.q || a.index - b.index).map((s) => s.offer);
}

/** pecan's choice for a handler exposed with `content_type="text/plain"` only: false means 406. */
export function pecanAcceptsTextPlain(header: string | null | undefined): boolean {
  const accept = header || '*/*';
  if (accept === '*/*' || accept.startsWith('text/html,')) return true;
  if (acceptableOffers(accept, ['text/plain']).length > 0) return true;
  // "see if something matches when not using parameters"
  return accept.startsWith('text/plain');
}

export interface ErrorBody { contentType: string; body: string }

const REASONS: Record<number, string> = { 401: 'Unauthorized', 406: 'Not Acceptable' };

/**
 * How pecan renders an HTTP error it raised itself (abort): JSON `{code, title, description}`
 * when the client prefers application/json over text/plain and text/html, else webob's
 * page (HTML when the Accept names html or *\/*, plain text otherwise). `explanation` is
 * webob's sentence for the status, `detail` the reason Mistral gave.
 */
export function pecanErrorBody(header: string | null | undefined, status: number, explanation: string, detail: string | null): ErrorBody {
  const accept = header || '*/*';
  const title = REASONS[status] ?? '';
  if (acceptableOffers(accept, PECAN_ERROR_TYPES)[0] === 'application/json') {
    return { contentType: 'application/json', body: JSON.stringify({ code: status, title, description: detail }) };
  }
  if (accept.includes('html') || accept.includes('*/*')) {
    const body = `<html>\n <head>\n  <title>${status} ${title}</title>\n </head>\n <body>\n  <h1>${status} ${title}</h1>\n  ${explanation}<br /><br />\n${detail ?? ''}\n\n\n </body>\n</html>`;
    return { contentType: 'text/html; charset=UTF-8', body };
  }
  return { contentType: 'text/plain; charset=UTF-8', body: `${status} ${title}\n\n${explanation}\n\n ${detail ?? ''}  ` };
}

/** The types pecan's error handler chooses among. */
export const PECAN_ERROR_TYPES = ['text/plain', 'text/html', 'application/json'] as const;
