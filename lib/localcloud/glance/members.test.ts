import { describe, expect, it } from 'vitest';
import { makeGlanceCloud, webobJson } from './test-helpers';
import { MEMBER_QUOTA } from './members';
import { SEED } from '../state/seed';

const I = SEED.images;
const P = SEED.projects;
const members = (id: string) => `/image/v2/images/${id}/members`;

/** demo's template, made shared (as Snapdeck does before adding a member). */
async function sharedTemplate() {
  const g = makeGlanceCloud();
  g.state.image(I.template)!.visibility = 'shared';
  return { ...g, demo: await g.token('demo'), alt: await g.token('alt') };
}

describe('image members: the owner adds and removes', () => {
  it('adds a pending member (200, the member view), lists it; twice is 409', async () => {
    const { request, demo } = await sharedTemplate();
    const res = await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['created_at', 'image_id', 'member_id', 'schema', 'status', 'updated_at']);
    expect(body).toMatchObject({ image_id: I.template, member_id: P.altDemo, status: 'pending', schema: '/v2/schemas/member' });
    const list = await (await request('GET', members(I.template), { token: demo })).json();
    expect(list.members.map((m: { member_id: string }) => m.member_id)).toEqual([P.altDemo]);
    const again = await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual(webobJson('409 Conflict', `Member ${P.altDemo} is duplicated for image ${I.template}`));
  });

  it('accepts any project id, as Glance does not ask Keystone', async () => {
    const { request, demo } = await sharedTemplate();
    const res = await request('POST', members(I.template), { token: demo, json: { member: 'f'.repeat(32) } });
    expect(res.status).toBe(200);
  });

  it('refuses a private or public image (403), and anyone but the owner (403)', async () => {
    const { request, demo, alt, state } = await sharedTemplate();
    state.image(I.template)!.visibility = 'private';
    const priv = await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    expect(priv.status).toBe(403);
    expect(await priv.json()).toEqual(webobJson('403 Forbidden', `Not allowed to create members for image ${I.template}.`));
    expect((await request('POST', members(I.debian12), { token: demo, json: { member: P.altDemo } })).status).toBe(403);
    state.image(I.template)!.visibility = 'shared';
    state.image(I.template)!.members.push({ projectId: P.altDemo, status: 'accepted' });
    const byMember = await request('POST', members(I.template), { token: alt, json: { member: P.admin } });
    expect(byMember.status).toBe(403);
    const removeByMember = await request('DELETE', `${members(I.template)}/${P.altDemo}`, { token: alt });
    expect(removeByMember.status).toBe(403);
    expect(await removeByMember.json()).toEqual(webobJson('403 Forbidden', `Not allowed to delete members for image ${I.template}.`));
  });

  it('checks the body as Glance words it', async () => {
    const { request, demo } = await sharedTemplate();
    const cases: [unknown, string][] = [
      [{}, 'Member to be added not specified'],
      [{ member: '' }, "Member can't be empty"],
      [['x'], 'Expected a member in the form: {"member": "image_id"}'],
    ];
    for (const [json, message] of cases) {
      const res = await request('POST', members(I.template), { token: demo, json });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(webobJson('400 Bad Request', message));
    }
  });

  it(`stops at image_member_quota (${MEMBER_QUOTA}) with 413`, async () => {
    const { request, demo, state } = await sharedTemplate();
    const image = state.image(I.template)!;
    for (let i = 0; i < MEMBER_QUOTA; i++) image.members.push({ projectId: i.toString(16).padStart(32, '0'), status: 'pending' });
    const res = await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toContain(`Attempted: ${MEMBER_QUOTA + 1}, Maximum: ${MEMBER_QUOTA}`);
  });

  it('removes a member (204); then 404 for it', async () => {
    const { request, demo } = await sharedTemplate();
    await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    expect((await request('DELETE', `${members(I.template)}/${P.altDemo}`, { token: demo })).status).toBe(204);
    const gone = await request('DELETE', `${members(I.template)}/${P.altDemo}`, { token: demo });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual(webobJson('404 Not Found', `${P.altDemo} not found in the member list of the image ${I.template}.`));
  });
});

describe('image members: the member accepts or rejects', () => {
  it('the member sets its own status; the owner cannot (403); a bad status is 400', async () => {
    const { request, demo, alt } = await sharedTemplate();
    await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    const byOwner = await request('PUT', `${members(I.template)}/${P.altDemo}`, { token: demo, json: { status: 'accepted' } });
    expect(byOwner.status).toBe(403);
    expect(await byOwner.json()).toEqual(webobJson('403 Forbidden', `Not allowed to update members for image ${I.template}.`));
    const bad = await request('PUT', `${members(I.template)}/${P.altDemo}`, { token: alt, json: { status: 'maybe' } });
    expect(bad.status).toBe(400);
    const ok = await request('PUT', `${members(I.template)}/${P.altDemo}`, { token: alt, json: { status: 'accepted' } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe('accepted');
    const shown = await request('GET', `${members(I.template)}/${P.altDemo}`, { token: alt });
    expect((await shown.json()).status).toBe('accepted');
  });

  it('a pending member sees the image by id and in member_status=all; accepted, in the default list', async () => {
    const { request, demo, alt } = await sharedTemplate();
    await request('POST', members(I.template), { token: demo, json: { member: P.altDemo } });
    const ids = async (q: string) => ((await (await request('GET', `/image/v2/images${q}`, { token: alt })).json()).images as { id: string }[]).map((i) => i.id);
    expect((await request('GET', `/image/v2/images/${I.template}`, { token: alt })).status).toBe(200);
    expect(await ids('')).not.toContain(I.template);
    expect(await ids('?visibility=shared&member_status=all')).toEqual([I.template]);
    await request('PUT', `${members(I.template)}/${P.altDemo}`, { token: alt, json: { status: 'rejected' } });
    expect(await ids('?visibility=shared&member_status=rejected')).toEqual([I.template]);
    await request('PUT', `${members(I.template)}/${P.altDemo}`, { token: alt, json: { status: 'accepted' } });
    expect(await ids('')).toContain(I.template);
  });

  it('a project that is no member gets 404 for the image and its members', async () => {
    const { request, demo } = await sharedTemplate();
    const res = await request('GET', `${members(I.altImage)}`, { token: demo });
    expect(res.status).toBe(404);
  });
});

describe('os_hidden', () => {
  it('a hidden image leaves the default list and shows with os_hidden=true, still by id', async () => {
    const { request, demo, state } = await sharedTemplate();
    state.image(I.template)!.osHidden = true;
    const ids = async (q: string) => ((await (await request('GET', `/image/v2/images${q}`, { token: demo })).json()).images as { id: string }[]).map((i) => i.id);
    expect(await ids('')).not.toContain(I.template);
    expect(await ids('?os_hidden=true')).toEqual([I.template]);
    expect((await request('GET', `/image/v2/images/${I.template}`, { token: demo })).status).toBe(200);
  });
});
