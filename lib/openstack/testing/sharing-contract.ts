// Image sharing and retiring's part of the contract suite (issue 15): Glance image members
// between two projects (the owner adds and removes, the member accepts), the member_status
// and visibility=shared lists, os_hidden and protected. Registered inside contractSuite's
// describe; a target without a second project's login skips it.
import { afterAll, expect, it } from 'vitest';
import type { Connection } from '../client';
import { OpenStackError } from '../errors';
import type { IssuedToken } from '../identity/tokens';
import { createImage, deleteImage, getImage, listImages, updateImage } from '../image/images';
import { addMember, getMember, listMembers, removeMember, updateMemberStatus } from '../image/members';
import { connect } from './connect';
import type { ContractTarget } from './contract-suite';

export interface SharingContractState {
  t: ContractTarget;
  token: IssuedToken;
  conn: Connection;
  run: string;
}

const TEST_TIMEOUT_MS = 60_000;

async function statusOf(p: Promise<unknown>): Promise<number> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpenStackError)) throw new Error(`expected an OpenStackError, got ${String(err)}`);
  return err.status;
}

export function sharingContract(state: () => SharingContractState): void {
  let imageId: string | null = null;
  let member: { conn: Connection; projectId: string } | null = null;

  afterAll(async () => {
    if (imageId) await deleteImage(state().conn, imageId).catch(() => undefined);
  });

  const ids = async (conn: Connection, opts: Parameters<typeof listImages>[1]) => (await listImages(conn, { limit: 1000, ...opts })).images.map((i) => i.id);

  it('image members: addMember is 403 on a private image; on a shared one it is pending, and 409 the second time', async (ctx) => {
    const { t, conn, run } = state();
    if (!t.memberLogin) return ctx.skip('this target has no second project');
    const other = await connect(t.memberLogin);
    member = { conn: other.conn, projectId: other.token.project!.id };
    const image = await createImage(conn, { name: `${run}-shared`, visibility: 'private', properties: { snapdeck_contract: run } });
    imageId = image.id;
    expect(await statusOf(addMember(conn, image.id, member.projectId))).toBe(403);
    await updateImage(conn, image.id, [{ op: 'replace', path: '/visibility', value: 'shared' }]);
    const added = await addMember(conn, image.id, member.projectId);
    expect(added).toMatchObject({ imageId: image.id, projectId: member.projectId, status: 'pending' });
    expect(await statusOf(addMember(conn, image.id, member.projectId))).toBe(409);
    expect((await listMembers(conn, image.id)).map((m) => [m.projectId, m.status])).toEqual([[member.projectId, 'pending']]);
  }, TEST_TIMEOUT_MS);

  it('image members: a pending member sees the image by id and with member_status=all, not in its default list', async (ctx) => {
    if (!member || !imageId) return ctx.skip('no shared image');
    expect((await getImage(member.conn, imageId)).id).toBe(imageId);
    expect(await ids(member.conn, { visibility: 'shared', memberStatus: 'all' })).toContain(imageId);
    expect(await ids(member.conn, {})).not.toContain(imageId);
    expect((await listMembers(member.conn, imageId)).map((m) => m.projectId)).toEqual([member.projectId]);
  }, TEST_TIMEOUT_MS);

  it('image members: only the member sets its status (the owner gets 403); accepted, it is in the default list', async (ctx) => {
    if (!member || !imageId) return ctx.skip('no shared image');
    const { conn } = state();
    expect(await statusOf(updateMemberStatus(conn, imageId, member.projectId, 'accepted'))).toBe(403);
    expect((await updateMemberStatus(member.conn, imageId, member.projectId, 'rejected')).status).toBe('rejected');
    expect(await ids(member.conn, { visibility: 'shared', memberStatus: 'rejected' })).toContain(imageId);
    expect((await updateMemberStatus(member.conn, imageId, member.projectId, 'accepted')).status).toBe('accepted');
    expect((await getMember(member.conn, imageId, member.projectId)).status).toBe('accepted');
    expect(await ids(member.conn, {})).toContain(imageId);
  }, TEST_TIMEOUT_MS);

  it('image members: only the owner removes (the member gets 403); then the member no longer sees the image (404)', async (ctx) => {
    if (!member || !imageId) return ctx.skip('no shared image');
    const { conn } = state();
    expect(await statusOf(removeMember(member.conn, imageId, member.projectId))).toBe(403);
    expect(await statusOf(addMember(member.conn, imageId, state().token.project!.id))).toBe(403);
    await removeMember(conn, imageId, member.projectId);
    expect(await listMembers(conn, imageId)).toEqual([]);
    expect(await statusOf(getImage(member.conn, imageId))).toBe(404);
    expect(await statusOf(removeMember(conn, imageId, member.projectId))).toBe(404);
  }, TEST_TIMEOUT_MS);

  it('image: os_hidden leaves an image out of lists unless os_hidden=true; protected is set and unset by patch', async (ctx) => {
    if (!imageId) return ctx.skip('no image');
    const { conn, run } = state();
    let image = await updateImage(conn, imageId, [{ op: 'replace', path: '/os_hidden', value: true }, { op: 'replace', path: '/protected', value: true }]);
    expect(image).toMatchObject({ hidden: true, protected: true });
    expect(await ids(conn, { properties: { snapdeck_contract: run } })).not.toContain(imageId);
    expect(await ids(conn, { properties: { snapdeck_contract: run }, hidden: true })).toEqual([imageId]);
    expect(await statusOf(deleteImage(conn, imageId))).toBe(403);
    image = await updateImage(conn, imageId, [{ op: 'replace', path: '/os_hidden', value: false }, { op: 'replace', path: '/protected', value: false }]);
    expect(image).toMatchObject({ hidden: false, protected: false });
    expect(await ids(conn, { properties: { snapdeck_contract: run } })).toContain(imageId);
  }, TEST_TIMEOUT_MS);
}
