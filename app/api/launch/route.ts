import 'server-only';
import { launchInputSchema, type LaunchResult } from '@/lib/launch/contract';
import { planUserData } from '@/lib/cloud-init/user-data';
import { createServer } from '@/lib/openstack/compute/servers';
import { microversionAtLeast } from '@/lib/openstack/compute/version';
import { findSiblings } from '@/lib/launch/siblings';
import { bootOf, bootProblem } from '@/lib/launch/boot-volume';
import { hasBlockStorage, sourceToLaunch } from '@/lib/launch/sources';
import { InputError, withSession } from '@/lib/server/api';

/** POST /api/launch: boots `count` servers with ONE createServer call (never retried: a
 * second POST could boot a second set). Answers 202 with the ids it can name. */
// The one route with a larger body: user data may be up to 200,000 characters (Nova takes
// 65,535 bytes once base64-encoded; the form says so before sending).
export const POST = withSession({ body: launchInputSchema, maxBodyBytes: 256 * 1024 }, async ({ body, conn, session }) => {
  const plan = planUserData({ installAgent: body.installAgent, userData: body.userData });
  if (plan.kind === 'conflict') throw new InputError(plan.message, { userData: plan.message });

  const symbolic = body.network === 'auto' || body.network === 'none';
  if (symbolic && !microversionAtLeast(conn.computeMicroversion, '2.37')) {
    const message = `Network "${body.network}" needs compute microversion 2.37; this cloud speaks ${conn.computeMicroversion}. Choose a network.`;
    throw new InputError(message, { network: message });
  }

  // Glance decides whether the source is volume-backed, and the session whether Cinder is there.
  const source = await sourceToLaunch(conn, session.project.id, body.sourceId);
  const choice = { newVolume: body.newVolume, volumeSize: body.volumeSize, deleteVolume: body.deleteVolume };
  const problem = bootProblem(source, choice, hasBlockStorage(conn));
  if (problem) throw new InputError(problem.message, { [problem.field]: problem.message });
  const boot = bootOf(source, choice);

  const created = await createServer(conn, {
    name: body.name,
    ...(boot.kind === 'image' ? { imageRef: boot.imageRef } : { blockDeviceMapping: boot.devices }),
    flavorRef: body.flavorId,
    networks: symbolic ? (body.network as 'auto' | 'none') : [{ uuid: body.network }],
    ...(body.keyName ? { keyName: body.keyName } : {}),
    ...(body.availabilityZone ? { availabilityZone: body.availabilityZone } : {}),
    ...(plan.kind === 'ok' ? { userData: plan.text } : {}),
    count: body.count,
  });

  const result: LaunchResult = { ids: [created.id], requested: body.count, complete: body.count === 1, note: null };
  if (body.count > 1) Object.assign(result, await findSiblings(conn, body.name, body.count, created.id));
  return Response.json(result, { status: 202, headers: { 'Cache-Control': 'no-store' } });
});
