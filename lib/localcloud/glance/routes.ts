// Glance v2 of the local cloud, mounted at /image: version discovery, images, image data,
// tags, members and schemas, faithful to a Zed glance-api (see the glance-* captures).
import { Hono, type Context } from 'hono';
import { requireToken } from '../auth';
import type { CloudContext, CloudEnv } from '../context';
import { type Caller, callerOf, findImage, requireOwner } from './access';
import { imageFromCreateBody } from './create';
import { createMember, deleteMember, showMember, updateMember } from './members';
import { download, noContent, upload } from './data';
import { importInfoView, importMethods, startImport } from './import';
import { regionImagePath } from '../regions';
import { GlanceError, fail, glanceErrorResponse, methodNotAllowed } from './errors';
import { listImages, pageLinks, parseListQuery } from './filters';
import { applyPatch, parsePatch, TAG_QUOTA } from './patch';
import { IMAGE_SCHEMA, IMAGES_SCHEMA } from './schema';
import { imageView, memberView, versionsView } from './views';
import { glanceTime } from '../state/state';

type GlanceContext = Context<CloudEnv>;
type Handler = (c: GlanceContext, caller: Caller) => Response | Promise<Response>;

/** Every API handler: the caller from the token, GlanceError turned into webob's body. */
const handle = (fn: Handler) => async (c: GlanceContext) => {
  try {
    return await fn(c, callerOf(c.get('auth')));
  } catch (err) {
    if (err instanceof GlanceError) return glanceErrorResponse(c, err);
    throw err;
  }
};

/** A path parameter of the matched route (typed loosely once the handler is wrapped). */
const param = (c: GlanceContext, name: string): string => c.req.param(name) ?? '';

/** glance's reject_method_resource for a method a known path does not take. */
const reject = (allowed: string) => (c: GlanceContext) => glanceErrorResponse(c, methodNotAllowed(c.req.method, allowed));

export function glanceRoutes(cloud: CloudContext, region?: string): Hono<CloudEnv> {
  const app = new Hono<CloudEnv>();
  const endpoint = `${cloud.publicUrl}${region ? regionImagePath(cloud, region) : '/image'}`;
  const versions = (c: GlanceContext, status: 200 | 300) => c.json(versionsView(endpoint), status);

  // Version negotiation answers before authentication, as glance's paste pipeline does.
  app.get('/', (c) => versions(c, 300));
  app.get('/versions', (c) => versions(c, 200));

  app.use('/v2/*', requireToken(cloud, 'glance'));
  app.use('/v2', requireToken(cloud, 'glance'));

  app.get('/v2/schemas/image', (c) => c.json(IMAGE_SCHEMA));
  app.get('/v2/schemas/images', (c) => c.json(IMAGES_SCHEMA));

  app.get('/v2/info/import', (c) => c.json(importInfoView(cloud)));
  app.all('/v2/info/import', reject('GET'));
  app.post('/v2/images/:id/import', handle(async (c, caller) => {
    startImport(cloud, caller, param(c, 'id'), await c.req.text());
    return new Response(null, { status: 202, headers: { 'Content-Type': 'text/html; charset=UTF-8' } });
  }));
  app.all('/v2/images/:id/import', reject('POST'));

  app.get('/v2/images', handle((c, caller) => {
    const search = new URL(c.req.url).searchParams;
    const plan = parseListQuery(search);
    const page = listImages(cloud.state, caller, plan);
    const links = pageLinks(search, page.full ? page.images.at(-1)!.id : undefined);
    return c.json({ images: page.images.map(imageView), first: links.first, schema: '/v2/schemas/images', ...(links.next ? { next: links.next } : {}) });
  }));

  app.post('/v2/images', handle(async (c, caller) => {
    const image = imageFromCreateBody(caller, await c.req.text(), (id) => cloud.state.image(id) !== undefined);
    cloud.state.addImage(image);
    cloud.state.touch();
    return c.json(imageView(image), 201, {
      Location: `${endpoint}/v2/images/${image.id}`,
      'OpenStack-image-import-methods': importMethods(cloud).join(','),
    });
  }));
  app.all('/v2/images', reject('GET, POST'));

  app.get('/v2/images/:id', handle((c, caller) => c.json(imageView(findImage(cloud, caller, param(c, 'id'))))));

  app.patch('/v2/images/:id', handle(async (c, caller) => {
    const changes = parsePatch(c.req.header('Content-Type'), await c.req.text());
    const image = applyPatch(caller, findImage(cloud, caller, param(c, 'id')), changes);
    if (changes.length) cloud.state.touch();
    return c.json(imageView(image));
  }));

  app.delete('/v2/images/:id', handle((c, caller) => {
    const id = param(c, 'id');
    const image = findImage(cloud, caller, id, `Failed to find image ${id} to delete`);
    requireOwner(caller, image);
    if (image.protected) fail(403, `Image ${id} is protected and cannot be deleted.`);
    cloud.state.removeImage(id);
    cloud.state.touch();
    return noContent();
  }));
  app.all('/v2/images/:id', reject('GET, PATCH, DELETE'));

  app.put('/v2/images/:id/file', handle((c, caller) => upload(cloud, caller, param(c, 'id'), c.req.raw)));
  app.get('/v2/images/:id/file', handle((c, caller) => download(cloud, caller, param(c, 'id'), c.req.header('Range'))));
  app.all('/v2/images/:id/file', reject('GET, PUT'));

  app.put('/v2/images/:id/tags/:tag', handle((c, caller) => {
    const id = param(c, 'id');
    const image = findImage(cloud, caller, id, `Image ${id} not found.`);
    requireOwner(caller, image, `Not allowed to update tags for image ${id}.`);
    const tag = param(c, 'tag');
    if (!image.tags.includes(tag)) {
      if (image.tags.length + 1 > TAG_QUOTA) {
        fail(413, `Image tag limit exceeded for image ${id}: The limit has been exceeded on the number of allowed image tags. Attempted: ${image.tags.length + 1}, Maximum: ${TAG_QUOTA}:`);
      }
      image.tags.push(tag);
    }
    image.updatedAt = glanceTime();
    cloud.state.touch();
    return noContent();
  }));
  app.delete('/v2/images/:id/tags/:tag', handle((c, caller) => {
    const id = param(c, 'id');
    const image = findImage(cloud, caller, id, `Image ${id} not found.`);
    requireOwner(caller, image, `Not allowed to delete tags for image ${id}.`);
    const at = image.tags.indexOf(param(c, 'tag'));
    if (at < 0) fail(404, 'The resource could not be found.');
    image.tags.splice(at, 1);
    image.updatedAt = glanceTime();
    cloud.state.touch();
    return noContent();
  }));
  app.all('/v2/images/:id/tags/:tag', reject('PUT, DELETE'));

  app.get('/v2/images/:id/members', handle((c, caller) => {
    const id = param(c, 'id');
    const image = findImage(cloud, caller, id, `Image ${id} not found.`);
    if (image.visibility !== 'shared') fail(403, `Not allowed to list members for image ${id}: Only shared images have members.`);
    // image_member_find: the owner (or an admin) sees every member, a member only itself.
    const seesAll = caller.isAdmin || image.owner === caller.projectId;
    const members = image.members.filter((m) => seesAll || m.projectId === caller.projectId);
    return c.json({ members: members.map((m) => memberView(image, m)), schema: '/v2/schemas/members' });
  }));
  app.post('/v2/images/:id/members', handle(async (c, caller) => {
    const id = param(c, 'id');
    const member = createMember(cloud, caller, id, await c.req.text());
    cloud.state.touch();
    return c.json(memberView(cloud.state.image(id)!, member));
  }));
  app.all('/v2/images/:id/members', reject('GET, POST'));
  app.get('/v2/images/:id/members/:member', handle((c, caller) => {
    const id = param(c, 'id');
    return c.json(memberView(cloud.state.image(id)!, showMember(cloud, caller, id, param(c, 'member'))));
  }));
  app.put('/v2/images/:id/members/:member', handle(async (c, caller) => {
    const id = param(c, 'id');
    const member = updateMember(cloud, caller, id, param(c, 'member'), await c.req.text());
    cloud.state.touch();
    return c.json(memberView(cloud.state.image(id)!, member));
  }));
  app.delete('/v2/images/:id/members/:member', handle((c, caller) => {
    deleteMember(cloud, caller, param(c, 'id'), param(c, 'member'));
    cloud.state.touch();
    return noContent();
  }));
  app.all('/v2/images/:id/members/:member', reject('GET, PUT, DELETE'));

  app.all('/v2/*', handle(() => fail(404, 'The resource could not be found.')));
  app.all('/v2', handle(() => fail(404, 'The resource could not be found.')));
  // Any other path names no version Glance knows: it answers with the version list.
  app.all('*', (c) => versions(c, 300));
  return app;
}
