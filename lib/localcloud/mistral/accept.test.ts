import { describe, expect, it } from 'vitest';
import { acceptableOffers, pecanAcceptsTextPlain, pecanErrorBody } from './accept';

describe('pecanAcceptsTextPlain (POST/PUT /v2/workflows)', () => {
  // Each answer as Debian's Mistral 15 gave it on the Zed tier (201 or 400: accepted; 406: refused).
  it.each([
    [undefined, true], ['*/*', true], ['text/plain', true], ['text/*', true], ['text/html,application/xhtml+xml', true],
    ['application/json, text/plain;q=0.9', true], ['application/json, */*;q=0.1', true],
    ['application/json', false], ['application/*', false], ['application/json;q=1, text/plain;q=0', false], ['image/png', false],
  ])('Accept %s: %s', (accept, ok) => {
    expect(pecanAcceptsTextPlain(accept)).toBe(ok);
  });
});

describe('acceptableOffers (webob)', () => {
  it('takes the most specific range\'s q, refuses q=0, sorts by q and keeps the offers\' order on ties', () => {
    const offers = ['text/plain', 'text/html', 'application/json'];
    expect(acceptableOffers('*/*', offers)).toEqual(offers);
    expect(acceptableOffers('application/json, text/plain;q=0.9', offers)).toEqual(['application/json', 'text/plain']);
    expect(acceptableOffers('text/*;q=0.5, text/html;q=0, */*;q=0.1', offers)).toEqual(['text/plain', 'application/json']);
    expect(acceptableOffers('not a media range', offers)).toEqual(offers);
    expect(acceptableOffers(null, offers)).toEqual(offers);
  });
});

describe('pecanErrorBody', () => {
  it('is JSON only when the client prefers application/json, HTML for html or */*, plain text otherwise', () => {
    expect(pecanErrorBody('application/json', 406, 'x', null)).toEqual({ contentType: 'application/json', body: '{"code":406,"title":"Not Acceptable","description":null}' });
    expect(pecanErrorBody('*/*', 401, 'Why.', 'Detail').contentType).toBe('text/html; charset=UTF-8');
    expect(pecanErrorBody('text/plain', 401, 'Why.', 'Detail')).toEqual({ contentType: 'text/plain; charset=UTF-8', body: '401 Unauthorized\n\nWhy.\n\n Detail  ' });
    expect(pecanErrorBody('text/xml', 401, 'Why.', 'Detail').contentType).toBe('text/plain; charset=UTF-8');
  });
});
