import { createHash, randomInt } from 'node:crypto';
import type { HelperConsent, OnBehalfAction } from '../../../shared/schemas/helpers.ts';
import type { Actor, AppContext } from '../../context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findUserByEmail, findUserById } from '../accounts/index.ts';
import { managedOrganizationIds } from '../organizations/index.ts';
import * as repo from './repository.ts';

/** A code lasts a quarter of an hour: long enough to read it out at a desk, too short to be passed around. */
const CODE_MINUTES = 15;
/** No 0/O, 1/I/L: read aloud and typed by someone else. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

function toDto(row: repo.ConsentWithNames): HelperConsent {
  return {
    id: row.id,
    helper: { id: row.helper_id, displayName: row.helper_name },
    person: { id: row.person_id, displayName: row.person_name },
    method: row.method,
    status: row.status,
    requestedAt: row.requested_at,
    givenAt: row.given_at,
    withdrawnAt: row.withdrawn_at,
  };
}

async function consentDto(ctx: AppContext, id: string): Promise<HelperConsent> {
  const row = await repo.findConsent(ctx.db, id);
  if (!row) throw notFound('Consent');
  return toDto(row);
}

/** Helpers are coordinators: owners or coordinators of an organisation. */
async function requireCoordinator(ctx: AppContext, actor: Actor): Promise<void> {
  if ((await managedOrganizationIds(ctx.db, actor.userId)).length === 0)
    throw forbidden('Only coordinators of an organisation help others on their behalf');
}

/** The person makes a code to show the coordinator in person; whoever enters it gets their consent. */
export async function createHelperCode(ctx: AppContext, actor: Actor): Promise<{ code: string; expiresAt: string }> {
  const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  const expiresAt = new Date(ctx.clock.now().getTime() + CODE_MINUTES * 60_000).toISOString();
  await repo.insertCode(ctx.db, {
    code_hash: hashCode(code),
    person_id: actor.userId,
    expires_at: expiresAt,
    used_at: null,
  });
  return { code, expiresAt };
}

/** The coordinator enters the code the person showed them: consent given in person, in force at once. */
export async function consentByCode(ctx: AppContext, actor: Actor, code: string): Promise<HelperConsent> {
  await requireCoordinator(ctx, actor);
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const personId = await repo.takeCode(trx, hashCode(code), now);
    if (!personId) throw invalid('code', 'This code is unknown, used or expired: ask the person for a new one');
    if (personId === actor.userId) throw invalid('code', 'This is your own code');
    const open = await repo.openConsentBetween(trx, actor.userId, personId);
    if (open) {
      await repo.updateConsent(trx, open.id, { status: 'active', method: 'code', given_at: now });
      return open.id;
    }
    const consentId = newId();
    await repo.insertConsent(trx, {
      id: consentId,
      helper_id: actor.userId,
      person_id: personId,
      method: 'code',
      status: 'active',
      requested_at: now,
      given_at: now,
      withdrawn_at: null,
    });
    return consentId;
  });
  return consentDto(ctx, id);
}

/** The coordinator asks; the consent counts once the person confirms it (at their next sign-in). */
export async function requestConsent(ctx: AppContext, actor: Actor, email: string): Promise<HelperConsent> {
  await requireCoordinator(ctx, actor);
  const person = await findUserByEmail(ctx.db, email);
  if (!person) throw notFound('Person');
  if (person.id === actor.userId) throw invalid('email', 'You cannot help yourself on your own behalf');
  const open = await repo.openConsentBetween(ctx.db, actor.userId, person.id);
  if (open) return consentDto(ctx, open.id);
  const id = newId();
  await repo.insertConsent(ctx.db, {
    id,
    helper_id: actor.userId,
    person_id: person.id,
    method: 'confirmed',
    status: 'pending',
    requested_at: ctx.clock.now().toISOString(),
    given_at: null,
    withdrawn_at: null,
  });
  return consentDto(ctx, id);
}

export async function confirmConsent(ctx: AppContext, actor: Actor, id: string): Promise<HelperConsent> {
  const row = await repo.findConsent(ctx.db, id);
  if (!row || row.person_id !== actor.userId) throw notFound('Consent');
  if (row.status !== 'pending') throw conflict('This consent is not waiting for you', 'invalid_transition');
  await repo.updateConsent(ctx.db, id, { status: 'active', given_at: ctx.clock.now().toISOString() });
  return consentDto(ctx, id);
}

/** The person (or the helper) ends the consent; the next act on their behalf is refused. */
export async function withdrawConsent(ctx: AppContext, actor: Actor, id: string): Promise<HelperConsent> {
  const row = await repo.findConsent(ctx.db, id);
  if (!row || (row.person_id !== actor.userId && row.helper_id !== actor.userId)) throw notFound('Consent');
  if (row.status === 'withdrawn') throw conflict('This consent was withdrawn already', 'invalid_transition');
  await repo.updateConsent(ctx.db, id, { status: 'withdrawn', withdrawn_at: ctx.clock.now().toISOString() });
  return consentDto(ctx, id);
}

export const consentsGiven = async (ctx: AppContext, actor: Actor) => ({
  items: (await repo.consentsOfPerson(ctx.db, actor.userId)).map(toDto),
});
export const peopleHelped = async (ctx: AppContext, actor: Actor) => ({
  items: (await repo.consentsOfHelper(ctx.db, actor.userId)).map(toDto),
});

export async function actsForMe(ctx: AppContext, actor: Actor) {
  const rows = await repo.actsForPerson(ctx.db, actor.userId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      helper: { id: r.helper_id, displayName: r.helper_name },
      action: r.action,
      path: r.path,
      statusCode: r.status_code,
      at: r.at,
    })),
  };
}

/**
 * Before an act on someone's behalf: the consent must be in force now (read in this very request,
 * so a withdrawal counts at once). The act is recorded with both people before it runs, so none
 * happens unrecorded; `finishAct` adds its outcome.
 */
export async function beginAct(ctx: AppContext, helper: Actor, personId: string, action: OnBehalfAction, path: string) {
  const consent = await repo.activeConsent(ctx.db, helper.userId, personId);
  if (!consent)
    throw new AppError(
      403,
      'consent_required',
      'This person has not given you consent to act for them (or withdrew it)',
    );
  const person = await findUserById(ctx.db, personId);
  if (!person) throw new AppError(403, 'consent_required', 'This person has not given you consent to act for them');
  const actId = newId();
  await repo.insertAct(ctx.db, {
    id: actId,
    consent_id: consent.id,
    helper_id: helper.userId,
    person_id: personId,
    action,
    path,
    status_code: null,
    at: ctx.clock.now().toISOString(),
  });
  return { actId, person };
}

export async function finishAct(ctx: AppContext, actId: string, statusCode: number): Promise<void> {
  await repo.finishAct(ctx.db, actId, statusCode);
}
