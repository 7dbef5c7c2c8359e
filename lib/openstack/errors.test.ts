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

  it('reads Mistral errors: WSME {faultcode, faultstring, debuginfo} and pecan {faultstring}', () => {
    expect(extractSafeMessage(404, 'application/json', json('mistral-404-workflow.json'))).toBe('Workflow not found [workflow_identifier=nova_backup, namespace=]');
    expect(extractSafeMessage(409, 'application/json; charset=UTF-8', json('mistral-409-workflow-duplicate.json'))).toMatch(/^Duplicate entry for WorkflowDefinition/);
  });

  it("reads pecan/webob's {code, title, description}: Mistral's 401 and 406 (seen on Zed)", () => {
    const body = JSON.stringify({ code: 406, title: 'Not Acceptable', description: 'The resource could not be generated that was acceptable to your browser (content of type application/json). ' });
    expect(extractSafeMessage(406, 'application/json', body)).toBe('The resource could not be generated that was acceptable to your browser (content of type application/json).');
    expect(extractSafeMessage(401, 'application/json', JSON.stringify({ code: 401, title: 'Unauthorized', description: '' }))).toBe('Unauthorized');
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

  it('reads a proxy\'s error page without its server signature', () => {
    const nginx = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    expect(extractSafeMessage(502, 'text/html', nginx)).toBe('Bad Gateway');
    const apache = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<hr>\n<address>Apache/2.4.57 (Debian) Server at glance.example Port 9292</address>\n</body></html>\n';
    expect(extractSafeMessage(503, 'text/html; charset=iso-8859-1', apache)).toBe('Service Unavailable');
    const haproxy = '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n';
    expect(extractSafeMessage(503, 'text/html', haproxy)).toBe('No server is available to handle this request.');
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
