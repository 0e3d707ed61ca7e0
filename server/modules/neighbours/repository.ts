/** Neighbour help's queries: requests, help engagements and sponsorships, with the people's display names. */
import type { Db } from '../../db/create-db.ts';
import type { Dialect } from '../../db/create-db.ts';
import type { HelpEngagementRow, HelpRequestRow, SponsorshipRow } from './tables.ts';

export type HelpRequestView = HelpRequestRow & { requester_name: string };
export type HelpEngagementView = HelpEngagementRow & {
  requester_name: string;
  helper_name: string;
  request_title: string;
  request_pc4: string;
  request_place: string;
  request_minutes_estimate: number;
};

const requestViews = (db: Db) =>
  db
    .selectFrom('help_requests as r')
    .innerJoin('users as u', 'u.id', 'r.requester_id')
    .selectAll('r')
    .select('u.display_name as requester_name');

const engagementViews = (db: Db) =>
  db
    .selectFrom('help_engagements as e')
    .innerJoin('help_requests as r', 'r.id', 'e.request_id')
    .innerJoin('users as q', 'q.id', 'e.requester_id')
    .innerJoin('users as h', 'h.id', 'e.helper_id')
    .selectAll('e')
    .select([
      'q.display_name as requester_name',
      'h.display_name as helper_name',
      'r.title as request_title',
      'r.pc4 as request_pc4',
      'r.place as request_place',
      'r.minutes_estimate as request_minutes_estimate',
    ]);

export const insertRequest = (db: Db, row: HelpRequestRow) => db.insertInto('help_requests').values(row).execute();

export const findRequest = (db: Db, id: string): Promise<HelpRequestView | undefined> =>
  requestViews(db).where('r.id', '=', id).executeTakeFirst();

/** The request row, locked on PostgreSQL (accepting a helper fills it once). */
export async function lockRequest(db: Db, dialect: Dialect, id: string): Promise<HelpRequestRow | undefined> {
  const q = db.selectFrom('help_requests').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export const setRequestStatus = (db: Db, id: string, status: HelpRequestRow['status'], now: string) =>
  db.updateTable('help_requests').set({ status, updated_at: now }).where('id', '=', id).execute();

/** Open requests, newest first, optionally in one PC4 area; `after` is the last item's (created_at, id). */
export function openRequests(
  db: Db,
  input: { pc4?: string; after?: [string, string]; limit: number },
): Promise<HelpRequestView[]> {
  let q = requestViews(db).where('r.status', '=', 'open');
  if (input.pc4) q = q.where('r.pc4', '=', input.pc4);
  if (input.after) {
    const [at, id] = input.after;
    q = q.where((eb) =>
      eb.or([eb('r.created_at', '<', at), eb.and([eb('r.created_at', '=', at), eb('r.id', '<', id)])]),
    );
  }
  return q
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

export const requestsOf = (db: Db, userId: string): Promise<HelpRequestView[]> =>
  requestViews(db).where('r.requester_id', '=', userId).orderBy('r.created_at', 'desc').limit(100).execute();

export const insertEngagement = (db: Db, row: HelpEngagementRow) =>
  db.insertInto('help_engagements').values(row).execute();

export const findEngagement = (db: Db, id: string): Promise<HelpEngagementView | undefined> =>
  engagementViews(db).where('e.id', '=', id).executeTakeFirst();

export async function lockEngagement(db: Db, dialect: Dialect, id: string): Promise<HelpEngagementRow | undefined> {
  const q = db.selectFrom('help_engagements').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export const findEngagementOf = (db: Db, requestId: string, helperId: string) =>
  db
    .selectFrom('help_engagements')
    .select('id')
    .where('request_id', '=', requestId)
    .where('helper_id', '=', helperId)
    .executeTakeFirst();

export const engagementsOfRequest = (db: Db, requestId: string): Promise<HelpEngagementView[]> =>
  engagementViews(db).where('e.request_id', '=', requestId).orderBy('e.created_at', 'asc').execute();

/** Help engagements where the person helps or is helped, newest first. */
export const engagementsOf = (db: Db, userId: string): Promise<HelpEngagementView[]> =>
  engagementViews(db)
    .where((eb) => eb.or([eb('e.helper_id', '=', userId), eb('e.requester_id', '=', userId)]))
    .orderBy('e.created_at', 'desc')
    .limit(100)
    .execute();

export const updateEngagement = (db: Db, id: string, patch: Partial<Omit<HelpEngagementRow, 'id'>>) =>
  db.updateTable('help_engagements').set(patch).where('id', '=', id).execute();

/** Other open offers of help for the request (ended as not selected when one helper is accepted). */
export const proposedOthers = (db: Db, requestId: string, exceptId: string) =>
  db
    .selectFrom('help_engagements')
    .select(['id', 'helper_id'])
    .where('request_id', '=', requestId)
    .where('id', '!=', exceptId)
    .where('status', '=', 'proposed')
    .execute();

export const insertSponsorship = (db: Db, row: SponsorshipRow) => db.insertInto('sponsorships').values(row).execute();

const sponsorshipViews = (db: Db) =>
  db
    .selectFrom('sponsorships as s')
    .innerJoin('users as u', 'u.id', 's.recipient_id')
    .selectAll('s')
    .select('u.display_name as recipient_name');

export const findSponsorship = (db: Db, id: string) => sponsorshipViews(db).where('s.id', '=', id).executeTakeFirst();

export const sponsorshipsOf = (db: Db, organizationId: string, input: { after?: [string, string]; limit: number }) => {
  let q = sponsorshipViews(db).where('s.organization_id', '=', organizationId);
  if (input.after) {
    const [at, id] = input.after;
    q = q.where((eb) =>
      eb.or([eb('s.created_at', '<', at), eb.and([eb('s.created_at', '=', at), eb('s.id', '<', id)])]),
    );
  }
  return q
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(input.limit + 1)
    .execute();
};

export const userName = (db: Db, id: string) =>
  db.selectFrom('users').select(['id', 'display_name']).where('id', '=', id).executeTakeFirst();

/** Erasure: the person's open requests close and their texts go; engagements keep ids and minutes (like the ledger). */
export async function erasePersonalData(db: Db, userId: string, now: string): Promise<void> {
  await db
    .updateTable('help_requests')
    .set({ title: '—', description: '', status: 'closed', updated_at: now })
    .where('requester_id', '=', userId)
    .execute();
  await db
    .updateTable('help_engagements')
    .set({ message: '' })
    .where((eb) => eb.or([eb('helper_id', '=', userId), eb('requester_id', '=', userId)]))
    .execute();
  await db.updateTable('sponsorships').set({ reason: '' }).where('recipient_id', '=', userId).execute();
}
