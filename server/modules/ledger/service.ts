/**
 * The ledger's HTTP use cases: balances, transfers and exchanges between people and organisations,
 * floors, corrections, and the books in public (verification, recent entries, export). Writes go
 * through the posting engine (posting.ts), like every other module's.
 */
import { z } from 'zod';
import type {
  Balance,
  CreateTransferBody,
  LedgerUnit,
  Transfer,
  VerifyResult,
} from '../../../shared/schemas/ledger.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { memberRoles } from '../../../shared/vocabulary.ts';
import { managingRoles } from '../../../shared/roles.ts';
import { findUserById, isErased } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { recordCorrections } from '../impact/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import {
  findOrganization,
  managersOf,
  memberOrganizationIds,
  requireOrganizationRole,
  roleIn,
} from '../organizations/index.ts';
import { recentEntries } from './entries.ts';
import * as repo from './repository.ts';
import { verifyAndPublish } from './verify/publish.ts';
import {
  balancesOf,
  changeFloor,
  createCorrection,
  createTransfers,
  organizationOwner,
  personOwner,
  publishLedger,
  withLedgerTransaction,
  type OwnerRef,
} from './posting.ts';

export {
  acceptCreditRequest,
  createCreditRequest,
  declineCreditRequest,
  getCreditRequest,
  listCreditRequests,
} from './credit-requests.ts';

// ——— what the HTTP routes call ———

/** `me` or `org:<id>` → an owner the actor may read (any member of an organisation may). */
async function resolveOwnerParam(ctx: AppContext, actor: Actor, owner: string): Promise<OwnerRef> {
  if (owner === 'me') return personOwner(actor.userId);
  const organizationId = owner.slice('org:'.length);
  await requireOrganizationRole(ctx, actor, organizationId, memberRoles);
  return organizationOwner(organizationId);
}

export async function getBalances(ctx: AppContext, actor: Actor, owner: string): Promise<Balance[]> {
  return balancesOf(ctx, ctx.db, await resolveOwnerParam(ctx, actor, owner));
}

function statusOf(r: repo.TransferViewRow): Transfer['status'] {
  if (r.phase === 'void_pending') return 'voided';
  if (r.phase !== 'pending') return 'posted';
  if (r.resolution_phase === 'post_pending') return 'posted';
  if (r.resolution_phase === 'void_pending') return 'voided';
  return 'pending';
}

/** Memos are for the parties (and the memo's author, e.g. an admin's correction reason) only — other admins see null. */
function toTransferDto(r: repo.TransferViewRow, party: boolean, viewerId: string): Transfer {
  const showMemo = party || (r.memo_author_id !== null && r.memo_author_id === viewerId);
  return {
    id: r.id,
    seq: r.seq,
    groupId: r.group_id,
    phase: r.phase as Transfer['phase'],
    status: statusOf(r),
    from: { type: r.debit_owner_type, id: r.debit_owner_id },
    to: { type: r.credit_owner_type, id: r.credit_owner_id },
    debitAccountId: r.debit_account_id,
    creditAccountId: r.credit_account_id,
    amount: r.amount,
    unit: r.unit,
    kind: r.kind,
    pendingId: r.pending_id,
    correctsId: r.corrects_id,
    expiresAt: r.expires_at,
    reference:
      r.reference_type !== null && r.reference_id !== null ? { type: r.reference_type, id: r.reference_id } : null,
    memo: showMemo ? r.memo : null,
    createdAt: r.created_at,
  };
}

/** Whether the actor is a party to the transfer: their own account, or an organisation they belong to. */
async function isParty(db: Db, actor: Actor, r: repo.TransferViewRow): Promise<boolean> {
  const owners = [
    { type: r.debit_owner_type, id: r.debit_owner_id },
    { type: r.credit_owner_type, id: r.credit_owner_id },
  ];
  if (owners.some((o) => o.type === 'person' && o.id === actor.userId)) return true;
  if (!owners.some((o) => o.type === 'organization')) return false;
  const orgs = new Set(await memberOrganizationIds(db, actor.userId));
  return owners.some((o) => o.type === 'organization' && orgs.has(o.id));
}

/** One transfer, to resolve an unknown outcome: parties and admins only. */
export async function getTransfer(ctx: AppContext, actor: Actor, id: string): Promise<Transfer> {
  const row = await repo.findTransferView(ctx.db, id);
  if (!row) throw notFound('Transfer');
  const party = await isParty(ctx.db, actor, row);
  if (!actor.isAdmin && !party) throw forbidden('Only the parties to a transfer may see it');
  return toTransferDto(row, party, actor.userId);
}

const seqCursor = z.object({ seq: z.number().int() });

export async function listTransfers(
  ctx: AppContext,
  actor: Actor,
  query: { owner: string; unit?: LedgerUnit; limit: number; cursor?: string },
) {
  const owner = await resolveOwnerParam(ctx, actor, query.owner);
  const after = decodeCursor(query.cursor, seqCursor);
  const accountIds = (await repo.findAccountsOfOwner(ctx.db, owner.type, owner.id)).map((a) => a.id);
  if (accountIds.length === 0) return { items: [], nextCursor: null };
  const rows = await repo.listTransferViews(ctx.db, {
    accountIds,
    limit: query.limit,
    ...(query.unit ? { unit: query.unit } : {}),
    ...(after ? { beforeSeq: after.seq } : {}),
  });
  // The owner's own transfers: a party unless the reader is an admin outside the organisation.
  const party = owner.type === 'person' || (await roleIn(ctx.db, actor.userId, owner.id)) !== undefined;
  return toPage(
    rows,
    query.limit,
    (r) => toTransferDto(r, party, actor.userId),
    (r) => ({ seq: r.seq }),
  );
}

/**
 * The timebank: a member sends TIME to another person or organisation, from their own account or
 * from an organisation they coordinate. `created` is false when this was a retry of the same request.
 * Example: Amal sends 90 minutes to Bert with id u1 → 201; the browser retries u1 after a lost reply → 200, same transfer.
 */
export async function exchange(
  ctx: AppContext,
  actor: Actor,
  body: CreateTransferBody,
): Promise<{ transfer: Transfer; created: boolean }> {
  let from = personOwner(actor.userId);
  if (body.fromOrganizationId !== undefined) {
    // Spending an organisation's credits is its managers' call alone: admins correct, they do not spend.
    if ((await requireOrganizationRole(ctx, actor, body.fromOrganizationId, managingRoles)) === 'admin') {
      throw forbidden('Only an owner or coordinator of this organisation may send its time credits');
    }
    from = organizationOwner(body.fromOrganizationId);
  }
  let to: OwnerRef;
  if (body.toUserId !== undefined) {
    const recipient = await findUserById(ctx.db, body.toUserId);
    if (!recipient) throw new AppError(404, 'not_found', 'Nobody with this id', { toUserId: 'No such person' });
    // Credits sent to an erased person's pseudonym could never be spent (RELIABILITY row 19).
    if (isErased(recipient))
      throw new AppError(422, 'recipient_erased', 'This person erased their account', { toUserId: 'Account erased' });
    to = personOwner(body.toUserId);
  } else {
    const organizationId = body.toOrganizationId ?? '';
    if (!(await findOrganization(ctx.db, organizationId)))
      throw new AppError(404, 'not_found', 'No organisation with this id', {
        toOrganizationId: 'No such organisation',
      });
    to = organizationOwner(organizationId);
  }
  if (from.type === to.type && from.id === to.id) {
    throw new AppError(400, 'invalid_input', 'You cannot send time credits to yourself', {
      [to.type === 'person' ? 'toUserId' : 'toOrganizationId']: 'Same as the sender',
    });
  }
  const { result, notified } = await withLedgerTransaction(ctx, async (trx) => {
    const result = await createTransfers(
      ctx,
      trx,
      [
        {
          id: body.id,
          type: 'posted',
          from,
          to,
          unit: 'TIME',
          amount: body.amount,
          kind: 'exchange',
          ...(body.memo ? { memo: body.memo } : {}),
        },
      ],
      actor,
    );
    if (result.replayed) return { result, notified: [] };
    // The receiver hears of it in the same transaction (an organisation: its managers); a retry tells nobody twice.
    const receivers = to.type === 'person' ? [to.id] : ((await managersOf(trx, [to.id])).get(to.id) ?? []);
    const data = to.type === 'organization' ? { organizationId: to.id } : {};
    return {
      result,
      notified: await recordNotifications(ctx, trx, {
        userIds: receivers,
        actorId: actor.userId,
        kind: 'credits.received',
        data,
      }),
    };
  });
  publishLedger(ctx, result);
  publishNotifications(ctx, notified);
  return { transfer: await getTransfer(ctx, actor, body.id), created: !result.replayed };
}

/**
 * Admins change a TIME account's floor (mutual-credit limit); the change is journalled.
 * Example: a community centre's floor from −6,000 to −12,000 minutes for a busy season.
 * A floor above the current position is allowed: it only stops further debits.
 */
export async function setFloor(
  ctx: AppContext,
  actor: Actor,
  accountId: string,
  floor: number,
  reason: string,
): Promise<Balance> {
  if (!actor.isAdmin) throw forbidden('Only an administrator may change a floor');
  const account = await withLedgerTransaction(ctx, async (trx) => {
    const row = await changeFloor(ctx, trx, accountId, floor, actor);
    await recordAudit(ctx, trx, {
      actorId: actor.userId,
      action: 'ledger.floor_set',
      objectType: 'ledger_account',
      objectId: accountId,
      organizationId: row.owner_type === 'organization' ? row.owner_id : null,
      reason,
      details: { floor },
    });
    return row;
  });
  ctx.log.info({ accountId, floor, by: actor.userId }, 'ledger floor changed');
  const [balance] = (await balancesOf(ctx, ctx.db, { type: account.owner_type, id: account.owner_id })).filter(
    (b) => b.unit === 'TIME',
  );
  if (!balance) throw notFound('Account');
  return balance;
}

/**
 * A correction: a new transfer reversing a posted one, with the admin as actor and the reason kept
 * (as an erasable memo). Floors do not stop a correction — the books must match what happened.
 * Example: 90 minutes A→B sent by mistake → correction 90 minutes B→A; a second correction of it → 409.
 */
export async function correctTransfer(
  ctx: AppContext,
  actor: Actor,
  body: { id: string; transferId: string; reason: string },
): Promise<{ transfer: Transfer; created: boolean }> {
  if (!actor.isAdmin) throw forbidden('Only an administrator may correct the ledger');
  const result = await withLedgerTransaction(ctx, async (trx) => {
    const written = await createCorrection(ctx, trx, body, actor);
    const [correction] = written.transfers;
    if (!written.replayed && correction) {
      await recordAudit(ctx, trx, {
        actorId: actor.userId,
        action: 'ledger.correction',
        objectType: 'ledger_transfer',
        objectId: body.transferId,
        reason: body.reason,
        details: { correctionId: body.id, amount: correction.amount, unit: correction.unit },
      });
      await recordCorrections(ctx, trx, written.transfers);
    }
    return written;
  });
  publishLedger(ctx, result);
  ctx.log.info({ transferId: body.transferId, correctionId: body.id, by: actor.userId }, 'ledger correction');
  return { transfer: await getTransfer(ctx, actor, body.id), created: !result.replayed };
}

// ——— the books in public: verification, recent entries, export ———

/** Replays the journal and checks every invariant (see verify/verify.ts); the metrics hear the verdict. */
export const verifyBooks = (ctx: AppContext): Promise<VerifyResult> => verifyAndPublish(ctx);

/** The journal head as `seq:hash`: a verification stays valid while it is unchanged. */
export async function journalHeadKey(ctx: AppContext): Promise<string> {
  const head = await repo.readHead(ctx.db);
  return `${head.seq}:${head.hash}`;
}

/** The newest journal entries (hashes, opaque transfer ids and amounts) for the integrity page. */
export const publicEntries = (ctx: AppContext, query: { limit: number; cursor?: string | undefined }) =>
  recentEntries(ctx.db, query);

export { exportLedger } from './export.ts';
