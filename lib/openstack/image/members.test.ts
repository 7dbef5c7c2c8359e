import { describe, expect, it } from 'vitest';
import { OpenStackError } from '../errors';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { addMember, getMember, listMembers, removeMember, updateMemberStatus } from './members';
import { listImages } from './images';

const fake = withFakeServer();
const IMAGE = 'a96be11e-8536-4910-92cb-de50aa19dfe6';
const PROJECT = '8989447062e04a818baf9e073fd04fa7';
const members = `/image/v2/images/${IMAGE}/members`;
const glance403 = (message: string) => ({ status: 403, json: { message: `${message}<br /><br />\n\n\n`, code: '403 Forbidden', title: 'Forbidden' } });

describe('image members', () => {
  it('adds a member with {"member": id} and reads it (sample image-member-create)', async () => {
    fake().expect({ method: 'POST', path: members, contentType: 'application/json', json: { member: PROJECT }, reply: { status: 200, json: fixture('glance-image-member-create-resp.json') } });
    expect(await addMember(fakeConnection(fake()), IMAGE, PROJECT)).toEqual({
      imageId: IMAGE, projectId: PROJECT, status: 'pending', createdAt: '2013-09-20T19:22:19Z', updatedAt: '2013-09-20T19:25:31Z',
    });
  });

  it('lists and shows members (samples image-members-list, image-member-details)', async () => {
    fake().expect(
      { method: 'GET', path: members, reply: { status: 200, json: fixture('glance-image-members-list.json') } },
      { method: 'GET', path: `${members}/${PROJECT}`, reply: { status: 200, json: fixture('glance-image-member-show.json') } },
    );
    const list = await listMembers(fakeConnection(fake()), IMAGE);
    expect(list.map((m) => [m.projectId, m.status])).toEqual([['123456789', 'pending'], ['987654321', 'accepted']]);
    expect((await getMember(fakeConnection(fake()), IMAGE, PROJECT)).status).toBe('pending');
  });

  it('updates its own status with {"status": …} (sample image-member-update) and removes with 204', async () => {
    fake().expect(
      { method: 'PUT', path: `${members}/${PROJECT}`, json: { status: 'accepted' }, reply: { status: 200, json: fixture('glance-image-member-update-resp.json') } },
      { method: 'DELETE', path: `${members}/${PROJECT}`, reply: { status: 204 } },
    );
    expect((await updateMemberStatus(fakeConnection(fake()), IMAGE, PROJECT, 'accepted')).status).toBe('accepted');
    await removeMember(fakeConnection(fake()), IMAGE, PROJECT);
  });

  it("keeps Glance's refusal in the error (a private image has no members: 403; twice: 409)", async () => {
    fake().expect(
      { method: 'POST', path: members, json: { member: PROJECT }, reply: glance403(`Not allowed to create members for image ${IMAGE}.`) },
      { method: 'POST', path: members, json: { member: PROJECT }, reply: { status: 409, json: { message: `Member ${PROJECT} already exists.<br /><br />\n\n\n`, code: '409 Conflict', title: 'Conflict' } } },
    );
    const forbidden = (await addMember(fakeConnection(fake()), IMAGE, PROJECT).catch((e: unknown) => e)) as OpenStackError;
    expect(forbidden).toBeInstanceOf(OpenStackError);
    expect(forbidden.is(403)).toBe(true);
    const twice = (await addMember(fakeConnection(fake()), IMAGE, PROJECT).catch((e: unknown) => e)) as OpenStackError;
    expect(twice.is(409)).toBe(true);
  });

  it('refuses a member id that is no project id, and a status Glance does not know, before sending', async () => {
    await expect(addMember(fakeConnection(fake()), IMAGE, '../other')).rejects.toThrow();
    // @ts-expect-error: not a member status
    await expect(updateMemberStatus(fakeConnection(fake()), IMAGE, PROJECT, 'maybe')).rejects.toThrow();
    expect(fake().requests).toHaveLength(0);
  });

  it('lists images shared with the project with visibility=shared&member_status=all', async () => {
    fake().expect({
      method: 'GET', path: '/image/v2/images', query: { limit: '50', sort_key: 'created_at', sort_dir: 'desc', visibility: 'shared', member_status: 'all' },
      reply: { status: 200, json: { images: [] } },
    });
    expect((await listImages(fakeConnection(fake()), { visibility: 'shared', memberStatus: 'all' })).images).toEqual([]);
  });
});
