import { describe, expect, it } from 'vitest';
import { OpenStackError } from '../errors';
import { fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { issueToken, issueTokenOptsSchema, rescopeToken, revokeToken, validateToken } from './tokens';

const fake = withFakeServer();
const TOKEN = 'gAAAAABissued-token-0001';

// The request body of capture keystone-01 (password, user and project by name).
const passwordAuthBody = {
  auth: {
    identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'secret' } } },
    scope: { project: { name: 'admin', domain: { name: 'Default' } } },
  },
};

const issued = { status: 201, headers: { 'X-Subject-Token': TOKEN, 'x-openstack-request-id': 'req-k' }, json: fixture('keystone-token-project-scoped.json') };

describe('issueToken', () => {
  it('sends the capture keystone-01 body and reshapes the token', async () => {
    fake().expect({ method: 'POST', path: '/v3/auth/tokens', token: null, contentType: 'application/json', json: passwordAuthBody, reply: issued });
    const t = await issueToken(`${fake().url}/v3/`, { username: 'admin', password: 'secret', projectName: 'admin' });
    expect(t.tokenId).toBe(TOKEN);
    expect(t.expiresAt).toBe('2026-11-26T00:22:59.000Z');
    expect(t.issuedAt).toBe('2026-11-25T23:22:59.000Z');
    expect(t.user).toEqual({ id: '7432071c411541d985d992110df639eb', name: 'admin', domainId: 'default', domainName: 'Default' });
    expect(t.project).toEqual({ id: '4af3352930c74c46b7167196ad92abd0', name: 'admin', domainId: 'default' });
    expect(t.roles).toEqual(['admin', 'reader', 'member']);
    expect(t.catalog.map((s) => s.type)).toEqual(['identity', 'image', 'compute', 'placement']);
    expect(t.catalog[2]?.endpoints[0]).toEqual({ interface: 'public', region: 'RegionOne', url: 'http://127.0.0.1:8774/v2.1' });
  });

  it('normalises auth URLs with and without /v3', async () => {
    fake().expect(
      { method: 'POST', path: '/v3/auth/tokens', token: null, json: passwordAuthBody, reply: issued },
      { method: 'POST', path: '/identity/v3/auth/tokens', token: null, json: passwordAuthBody, reply: issued },
    );
    await issueToken(fake().url, { username: 'admin', password: 'secret', projectName: 'admin' });
    await issueToken(`${fake().url}/identity`, { username: 'admin', password: 'secret', projectName: 'admin' });
  });

  it('scopes by project id, by name in another domain, or not at all', async () => {
    const user = { name: 'demo', domain: { name: 'Users' }, password: 'pw' };
    const identity = { methods: ['password'], password: { user } };
    fake().expect(
      { method: 'POST', path: '/v3/auth/tokens', token: null, json: { auth: { identity, scope: { project: { id: 'p1' } } } }, reply: issued },
      { method: 'POST', path: '/v3/auth/tokens', token: null, json: { auth: { identity, scope: { project: { name: 'demo', domain: { name: 'Projects' } } } } }, reply: issued },
      { method: 'POST', path: '/v3/auth/tokens', token: null, json: { auth: { identity } }, reply: issued },
    );
    const base = { username: 'demo', password: 'pw', userDomainName: 'Users' };
    await issueToken(fake().url, { ...base, projectId: 'p1' });
    await issueToken(fake().url, { ...base, projectName: 'demo', projectDomainName: 'Projects' });
    await issueToken(fake().url, { ...base, unscoped: true });
  });

  it('maps a wrong password to a 401 OpenStackError with Keystone message (capture keystone-03)', async () => {
    fake().expect({
      method: 'POST', path: '/v3/auth/tokens', token: null, json: passwordAuthBody,
      reply: { status: 401, headers: { 'WWW-Authenticate': 'Keystone uri="http://127.0.0.1:5000/v3"', 'x-openstack-request-id': 'req-401' }, json: fixture('keystone-401.json') },
    });
    const err = await issueToken(fake().url, { username: 'admin', password: 'secret', projectName: 'admin' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err).toMatchObject({ status: 401, service: 'identity', requestId: 'req-401', safeMessage: 'The request you have made requires authentication.' });
  });

  it('fails clearly when Keystone sends no X-Subject-Token', async () => {
    fake().expect({ method: 'POST', path: '/v3/auth/tokens', token: null, json: passwordAuthBody, reply: { status: 201, json: fixture('keystone-token-project-scoped.json') } });
    await expect(issueToken(fake().url, { username: 'admin', password: 'secret', projectName: 'admin' })).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('validates options', () => {
    expect(issueTokenOptsSchema.safeParse({ username: 'a', password: 'b', projectName: 'x', projectId: 'y' }).success).toBe(false);
    expect(issueTokenOptsSchema.safeParse({ username: '', password: 'b' }).success).toBe(false);
    expect(issueTokenOptsSchema.parse({ username: 'a', password: 'b' }).userDomainName).toBe('Default');
  });
});

describe('rescopeToken', () => {
  it('posts the token method with a project id scope (sample project-id-token)', async () => {
    fake().expect({
      method: 'POST', path: '/v3/auth/tokens', token: null,
      json: { auth: { identity: { methods: ['token'], token: { id: 'old-token' } }, scope: { project: { id: 'a6944d763bf64ee6a275f1263fae0352' } } } },
      reply: issued,
    });
    const t = await rescopeToken(fake().url, 'old-token', { projectId: 'a6944d763bf64ee6a275f1263fae0352' });
    expect(t.tokenId).toBe(TOKEN);
  });
});

describe('validateToken / revokeToken', () => {
  it('validates with X-Auth-Token and X-Subject-Token; 404 gives null', async () => {
    fake().expect(
      { method: 'GET', path: '/v3/auth/tokens', headers: { 'X-Subject-Token': 'subject' }, reply: { status: 200, headers: { 'X-Subject-Token': 'subject' }, json: fixture('keystone-token-project-scoped.json') } },
      { method: 'GET', path: '/v3/auth/tokens', headers: { 'X-Subject-Token': 'gone' }, reply: { status: 404, json: { error: { code: 404, title: 'Not Found', message: 'Could not find token: gone.' } } } },
    );
    const t = await validateToken(fake().url, fake().token, 'subject');
    expect(t?.tokenId).toBe('subject');
    expect(t?.project?.name).toBe('admin');
    expect(await validateToken(fake().url, fake().token, 'gone')).toBeNull();
  });

  it('revokes (204) and treats 404 as already revoked, but not 401', async () => {
    fake().expect(
      { method: 'DELETE', path: '/v3/auth/tokens', headers: { 'X-Subject-Token': 's1' }, reply: { status: 204 } },
      { method: 'DELETE', path: '/v3/auth/tokens', headers: { 'X-Subject-Token': 's2' }, reply: { status: 404, json: {} } },
      { method: 'DELETE', path: '/v3/auth/tokens', headers: { 'X-Subject-Token': 's3' }, reply: { status: 401, json: fixture('keystone-401.json') } },
    );
    await revokeToken(fake().url, fake().token, 's1');
    await revokeToken(fake().url, fake().token, 's2');
    await expect(revokeToken(fake().url, fake().token, 's3')).rejects.toMatchObject({ status: 401 });
  });
});
