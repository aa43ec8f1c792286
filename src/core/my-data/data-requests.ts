import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../accounts/audit.ts';
import type { Db } from '../db/client.ts';
import { dataRequests, type DataRequestKind } from '../db/schema/data-requests.ts';

/** Québec's Law 25 gives 30 days to answer a request. */
export const ANSWER_WITHIN_DAYS = 30;
/** Flagged this many days before the due date. */
export const DUE_SOON_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type DataRequest = typeof dataRequests.$inferSelect;
export type RequestState = 'closed' | 'overdue' | 'due-soon' | 'open';

export function requestState(request: Pick<DataRequest, 'closedAt' | 'dueAt'>, now: Date): RequestState {
  if (request.closedAt) return 'closed';
  if (request.dueAt.getTime() < now.getTime()) return 'overdue';
  if (request.dueAt.getTime() - now.getTime() <= DUE_SOON_DAYS * DAY_MS) return 'due-soon';
  return 'open';
}

export class DataRequestError extends Error {}

export async function recordDataRequest(db: Db, actor: Actor, input: { receivedAt: Date; kind: DataRequestKind; requester: string }, now = new Date()): Promise<DataRequest> {
  const requester = input.requester.trim();
  if (!requester) throw new DataRequestError('who asked is required');
  if (input.receivedAt.getTime() > now.getTime() + DAY_MS) throw new DataRequestError('a request cannot be received in the future');
  const request: DataRequest = {
    id: randomUUID(),
    receivedAt: input.receivedAt,
    kind: input.kind,
    requester,
    dueAt: new Date(input.receivedAt.getTime() + ANSWER_WITHIN_DAYS * DAY_MS),
    closedAt: null,
    closingNote: null,
    createdBy: typeof actor === 'string' ? actor : actor.memberId,
  };
  await db.insert(dataRequests).values(request);
  await recordAudit(db, actor, 'data-request.recorded', null, { requestId: request.id, kind: request.kind, receivedAt: request.receivedAt.toISOString() }, now);
  return request;
}

export async function closeDataRequest(db: Db, actor: Actor, id: string, note: string, now = new Date()): Promise<void> {
  if (!note.trim()) throw new DataRequestError('a closing note is required');
  const closed = await db
    .update(dataRequests)
    .set({ closedAt: now, closingNote: note.trim() })
    .where(and(eq(dataRequests.id, id), isNull(dataRequests.closedAt)))
    .returning({ id: dataRequests.id, dueAt: dataRequests.dueAt });
  if (closed.length === 0) throw new DataRequestError('no open request with this id');
  await recordAudit(db, actor, 'data-request.closed', null, { requestId: id, late: closed[0]!.dueAt.getTime() < now.getTime() }, now);
}

/** Open requests first, the most urgent at the top; then the closed ones, newest first. */
export async function listDataRequests(db: Db, now = new Date()): Promise<(DataRequest & { state: RequestState })[]> {
  const open = await db.select().from(dataRequests).where(isNull(dataRequests.closedAt)).orderBy(asc(dataRequests.dueAt));
  const closed = await db.select().from(dataRequests).where(sql`${dataRequests.closedAt} IS NOT NULL`).orderBy(desc(dataRequests.closedAt)).limit(100);
  return [...open, ...closed].map((request) => ({ ...request, state: requestState(request, now) }));
}
