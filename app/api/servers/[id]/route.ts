import 'server-only';
import { withSession } from '@/lib/server/api';
import { serverParams } from '@/lib/instances/contract';
import { loadInstanceDetail } from '@/lib/instances/servers-page';

/** One instance with its boot image (the instance page renders it first itself). */
export const GET = withSession({ params: serverParams }, ({ params, conn }) => loadInstanceDetail(conn, params.id));
