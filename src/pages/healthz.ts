import type { APIRoute } from 'astro';
import { isDatabaseReadable } from '../core/db/client.ts';

/** For load balancers and uptime checks: 503 as soon as the database cannot be read. */
export const GET: APIRoute = async ({ locals }) => {
  const databaseUp = await isDatabaseReadable(locals.runtime.database.client);
  return Response.json(
    { status: databaseUp ? 'ok' : 'unavailable', database: databaseUp ? 'ok' : 'unreadable' },
    { status: databaseUp ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
};
