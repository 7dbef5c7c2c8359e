import { expect, it } from 'vitest';
import { fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { listAuthProjects } from './projects';

const fake = withFakeServer();

it('lists the projects of the token (capture keystone-02)', async () => {
  fake().expect({ method: 'GET', path: '/identity/v3/auth/projects', reply: { status: 200, json: fixture('keystone-auth-projects.json') } });
  expect(await listAuthProjects(`${fake().url}/identity`, fake().token)).toEqual([
    { id: '4af3352930c74c46b7167196ad92abd0', name: 'admin', domainId: 'default', enabled: true },
  ]);
});
