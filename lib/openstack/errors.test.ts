import { describe, expect, it } from 'vitest';
import { OpenStackError, extractSafeMessage, sanitizeMessage } from './errors';
import { fixture } from './testing/fake-server';

const json = (name: string) => JSON.stringify(fixture(name));

describe('extractSafeMessage', () => {
  it('reads a Nova fault', () => {
    expect(extractSafeMessage(409, 'application/json; charset=UTF-8', json('nova-409-create-image.json'))).toBe(
      "Cannot 'createImage' instance 961f94dc-082c-4b6f-8b6e-e8803b169e4d while it is in task_state image_snapshot_pending",
    );
  });

  it('reads a Keystone error', () => {
    expect(extractSafeMessage(401, 'application/json', json('keystone-401.json'))).toBe(
      'The request you have made requires authentication.',
    );
  });

  it('reads Glance webob JSON without its <br /> noise', () => {
    expect(extractSafeMessage(404, 'application/json', json('glance-404.json'))).toBe(
      'No image found with ID 9246dca9-327e-4e10-9ac1-494d9d04aa37',
    );
    expect(extractSafeMessage(415, 'application/json', json('glance-415.json'))).toBe(
      'The request media type application/json is not supported by this server.',
    );
  });

  it('reduces Glance HTML to its first meaningful line', () => {
    expect(extractSafeMessage(404, 'text/html; charset=UTF-8', fixture<string>('glance-404.html'))).toBe(
      'No image found with ID 47317934-92e1-4efe-afc2-33a20ef5e623',
    );
  });

  it('reads webob text/plain and Neutron bodies', () => {
    expect(extractSafeMessage(404, 'text/plain', '404 Not Found\n\nThe resource could not be found.\n')).toBe(
      'The resource could not be found.',
    );
    const neutron = '{"NeutronError":{"type":"NetworkNotFound","message":"Network abc could not be found.","detail":""}}';
    expect(extractSafeMessage(404, 'application/json', neutron)).toBe('Network abc could not be found.');
  });

  it('never returns URLs or the token, and caps the length', () => {
    const token = 'gAAAAABsecret-token-value';
    const body = JSON.stringify({ error: { message: `Bad token ${token} for http://10.0.0.5:5000/v3/auth/tokens ${'x'.repeat(400)}` } });
    const msg = extractSafeMessage(400, 'application/json', body, [token]);
    expect(msg).not.toContain(token);
    expect(msg).not.toContain('10.0.0.5');
    expect(msg.length).toBeLessThanOrEqual(300);
  });

  it('falls back to the status for empty or unreadable bodies', () => {
    expect(extractSafeMessage(503, null, '')).toBe('The service answered HTTP 503.');
    expect(extractSafeMessage(500, 'application/json', '{not json')).toBe('The service answered HTTP 500.');
  });

  it('sanitizeMessage collapses whitespace', () => {
    expect(sanitizeMessage('a<br /><br />\n\n\n b')).toBe('a b');
  });
});

describe('OpenStackError', () => {
  it('is an Error with its fields and an is() check for HTTP statuses only', () => {
    const err = new OpenStackError({ service: 'compute', method: 'GET', status: 404, kind: 'http', requestId: 'req-1', safeMessage: 'gone' });
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err.name).toBe('OpenStackError');
    expect(err.is(404)).toBe(true);
    expect(err.is(409)).toBe(false);
    const timeout = new OpenStackError({ service: 'image', method: 'GET', status: 0, kind: 'timeout', safeMessage: 'slow' });
    expect(timeout.is(0)).toBe(false);
    expect(timeout.requestId).toBeNull();
  });
});
