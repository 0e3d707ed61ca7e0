/**
 * Recognition from confirmed work: badges (pure rules), references, the signed certificate of
 * work, Open Badges 3.0 credentials, and the public page of a ledger entry they point to.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { localeCodes, type Locale } from '../../../shared/locales.ts';
import {
  certificateContent as certificateContentSchema,
  type BadgeDto,
  type CertificateQuery,
  type Recognition,
  type Reference,
  type ReferenceBody,
} from '../../../shared/schemas/recognition.ts';
import { domainCodes } from '../../../shared/vocabulary.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { managingRoles } from '../../../shared/roles.ts';
import { amsterdamDay } from '../impact/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { requireOrganizationRole } from '../organizations/index.ts';
import { signCompact, signJwt, verifyCompact, verifyJwt } from '../signing/index.ts';
import { allBadgeIds, badgesFor, minutesByDomain, type Badge, type BadgeId } from './badge-rules.ts';
import { certificateContent } from './certificate-content.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';
import { badgeText } from './labels.ts';
import * as repo from './repository.ts';

const entryUrl = (ctx: AppContext, transferId: string) =>
  `${ctx.config.publicUrl}/api/ledger/entries/${encodeURIComponent(transferId)}/public`;

async function personOf(db: Db, userId: string) {
  const person = await repo.findPerson(db, userId);
  // An erased account keeps its row as a pseudonym: it has no recognition page any more.
  if (!person || person.email.endsWith('@erased.invalid')) throw notFound('Person');
  return person;
}

const toReferenceDto = (r: repo.ReferenceRow): Reference => ({
  engagementId: r.engagement_id,
  organization: { id: r.organization_id, name: r.organization_name },
  text: r.text,
  skills: JSON.parse(r.skills) as string[],
  public: Number(r.public) === 1,
  createdAt: r.created_at,
});

const toBadgeDto = (ctx: AppContext, b: Badge): BadgeDto => ({
  id: b.id,
  earnedOn: b.earnedOn,
  evidence: b.evidence.map((t) => ({ transferId: t, url: entryUrl(ctx, t) })),
});

async function badgesOf(ctx: AppContext, userId: string) {
  const person = await personOf(ctx.db, userId);
  const entries = await repo.confirmedWorkOf(ctx.db, userId);
  return { person, entries, badges: badgesFor(entries, { countAsNewcomer: Number(person.count_as_newcomer) === 1 }) };
}

/**
 * A person's recognition. Public (`GET /api/users/:id/recognition`): badges, hours by domain and
 * the references they made public. Their own (`GET /api/me/recognition`): every reference.
 */
export async function recognitionOf(ctx: AppContext, userId: string, options: { own: boolean }): Promise<Recognition> {
  const { person, entries, badges } = await badgesOf(ctx, userId);
  const references = (await repo.findReferencesOf(ctx.db, userId))
    .map(toReferenceDto)
    .filter((r) => options.own || r.public);
  const minutes = minutesByDomain(entries);
  const byDomain: Recognition['minutesByDomain'] = {};
  for (const d of domainCodes) if (minutes.byDomain[d]) byDomain[d] = minutes.byDomain[d];
  return {
    userId,
    displayName: person.display_name,
    badges: badges.map((b) => toBadgeDto(ctx, b)),
    totalMinutes: minutes.total,
    minutesByDomain: byDomain,
    references,
  };
}

/**
 * After confirmation an owner or coordinator of the need's organisation writes a short reference
 * with the skills it saw, for a person on the engagement's personal record. Writing again replaces
 * the text and skills; whether it is public stays the person's choice.
 */
export async function writeReference(
  ctx: AppContext,
  actor: Actor,
  engagementId: string,
  body: ReferenceBody,
): Promise<{ reference: Reference; created: boolean }> {
  const e = await repo.findEngagement(ctx.db, engagementId);
  if (!e) throw notFound('Engagement');
  const role = await requireOrganizationRole(ctx, actor, e.organization_id, managingRoles);
  if (role === 'admin') throw forbidden('Only the organisation that confirmed the work writes its reference');
  if (e.status !== 'completed')
    throw new AppError(409, 'invalid_transition', 'A reference follows confirmation: confirm the work first');
  const userId = body.userId ?? e.worker_user_id;
  if (!(await repo.isParticipant(ctx.db, e.id, userId)))
    throw invalid('userId', 'This person did not take part in the confirmed work');
  const now = ctx.clock.now().toISOString();
  const skills = JSON.stringify([...new Set(body.skills)]);
  const existing = await repo.referenceExists(ctx.db, e.id, userId);
  const notified = await ctx.db.transaction().execute(async (trx) => {
    if (existing) {
      await repo.updateReference(trx, e.id, userId, {
        text: body.text,
        skills,
        author_id: actor.userId,
        updated_at: now,
      });
    } else {
      await repo.insertReference(trx, {
        engagement_id: e.id,
        user_id: userId,
        organization_id: e.organization_id,
        author_id: actor.userId,
        text: body.text,
        skills,
        public: 0,
        created_at: now,
        updated_at: now,
      });
    }
    return recordNotifications(ctx, trx, {
      userIds: [userId],
      kind: 'engagement.reference',
      data: { engagementId: e.id },
    });
  });
  publishNotifications(ctx, notified);
  const row = (await repo.findReferencesOf(ctx.db, userId)).find((r) => r.engagement_id === e.id);
  if (!row) throw notFound('Reference');
  return { reference: toReferenceDto(row), created: !existing };
}

/** Only the person a reference is about decides whether it is public. */
export async function setReferenceVisibility(
  ctx: AppContext,
  actor: Actor,
  engagementId: string,
  isPublic: boolean,
): Promise<Reference> {
  if (
    (await repo.setReferencePublic(ctx.db, engagementId, actor.userId, isPublic, ctx.clock.now().toISOString())) === 0
  )
    throw notFound('Reference');
  const row = (await repo.findReferencesOf(ctx.db, actor.userId)).find((r) => r.engagement_id === engagementId);
  if (!row) throw notFound('Reference');
  return toReferenceDto(row);
}

// ——— certificate ———

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 15 characters from 32 (75 bits), grouped for reading aloud: `WW-ABCDE-FGHJK-LMNPQ`. */
export function newCertificateCode(): string {
  const bytes = randomBytes(15);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join('');
  return `WW-${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
}

export const certificateUrl = (ctx: AppContext, code: string) => `${ctx.config.publicUrl}/certificates/${code}`;

/**
 * Issues a certificate over the person's confirmed work in [from, to]: the content is stored as
 * canonical JSON with its Ed25519 signature (compact JWS), then rendered as PDF.
 */
export async function issueCertificate(
  ctx: AppContext,
  actor: Actor,
  query: CertificateQuery,
): Promise<{ code: string; pdf: Buffer }> {
  const today = amsterdamDay(ctx.clock.now().toISOString());
  const to = query.to ?? today;
  const from = query.from ?? null;
  if (from && from > to) throw invalid('to', 'The end lies before the start');
  const person = await personOf(ctx.db, actor.userId);
  const locale: Locale = localeCodes.find((l) => l === person.locale) ?? 'nl';
  const entries = await repo.confirmedWorkOf(ctx.db, actor.userId);
  const references = await repo.findReferencesOf(ctx.db, actor.userId);
  const code = newCertificateCode();
  const issuedAt = ctx.clock.now().toISOString();
  const content = certificateContent({
    code,
    holderName: person.display_name,
    locale,
    from,
    to,
    issuedAt,
    entries,
    skills: references.flatMap((r) => JSON.parse(r.skills) as string[]),
    references: references
      .filter((r) => Number(r.public) === 1)
      .map((r) => ({ organizationName: r.organization_name, text: r.text, skills: JSON.parse(r.skills) as string[] })),
  });
  const payload = JSON.stringify(content);
  const { jws, kid } = await signCompact(ctx, new TextEncoder().encode(payload), 'waardewerk-certificate+jws');
  await repo.insertCertificate(ctx.db, {
    code,
    user_id: actor.userId,
    payload,
    signature: jws,
    kid,
    issued_at: issuedAt,
  });
  ctx.log.info({ code, userId: actor.userId, minutes: content.totalMinutes }, 'certificate issued');
  return { code, pdf: await renderCertificatePdf(content, certificateUrl(ctx, code)) };
}

/** What a code certifies, if the stored content still carries the platform's signature. */
export async function verifyCertificate(ctx: AppContext, code: string) {
  const invalidAnswer = (reason: 'unknown_code' | 'bad_signature') => ({
    valid: false,
    code,
    reason,
    holderName: null,
    minutesByOrganization: [],
    certificate: null,
    issuedAt: null,
    kid: null,
  });
  const row = await repo.findCertificate(ctx.db, code.trim().toUpperCase());
  if (!row) return invalidAnswer('unknown_code');
  const signed = await verifyCompact(ctx, row.signature);
  if (!signed || new TextDecoder().decode(signed) !== row.payload) return invalidAnswer('bad_signature');
  const parsed = certificateContentSchema.safeParse(JSON.parse(row.payload));
  if (!parsed.success || parsed.data.code !== row.code) return invalidAnswer('bad_signature');
  const c = parsed.data;
  return {
    valid: true,
    code: row.code,
    reason: null,
    holderName: c.holderName,
    minutesByOrganization: c.byOrganization.map((r) => ({
      organizationName: r.label,
      minutes: r.paidMinutes + r.unpaidMinutes,
    })),
    certificate: c,
    issuedAt: row.issued_at,
    kid: row.kid,
  };
}

// ——— Open Badges 3.0 ———

const OB_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];

export const issuerId = (ctx: AppContext) => `${ctx.config.publicUrl}/issuer`;

const isBadgeId = (id: string): id is BadgeId => (allBadgeIds as readonly string[]).includes(id);

/**
 * The badge as an OpenBadgeCredential (W3C VC 2.0), secured as a VC-JWT with the platform key
 * (EdDSA): the JWT's claims are the credential itself plus iss/sub/jti/iat. `evidence` links to the
 * public page of each ledger entry it rests on.
 */
export async function openBadge(ctx: AppContext, actor: Actor, badgeId: string) {
  if (!isBadgeId(badgeId)) throw notFound('Badge');
  const { person, badges } = await badgesOf(ctx, actor.userId);
  const earned = badges.find((b) => b.id === badgeId);
  if (!earned) throw notFound('Badge (not earned)');
  const now = ctx.clock.now();
  const nl = badgeText(earned.id, 'nl');
  const en = badgeText(earned.id, 'en');
  const credentialId = `urn:uuid:${randomUUID()}`;
  const subjectId = `${ctx.config.publicUrl}/users/${person.id}`;
  const credential = {
    '@context': OB_CONTEXT,
    id: credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerId(ctx), type: ['Profile'], name: 'Waardewerk', url: ctx.config.publicUrl },
    validFrom: now.toISOString(),
    name: nl.name,
    credentialSubject: {
      id: subjectId,
      type: ['AchievementSubject'],
      achievement: {
        id: `${ctx.config.publicUrl}/achievements/${earned.id}`,
        type: ['Achievement'],
        achievementType: 'Badge',
        name: nl.name,
        description: `${nl.criteria} / ${en.criteria}`,
        criteria: { narrative: nl.criteria },
        inLanguage: 'nl',
      },
    },
    evidence: earned.evidence.map((t) => ({ id: entryUrl(ctx, t), type: ['Evidence'], name: `Ledger entry ${t}` })),
  };
  const jwt = await signJwt(
    ctx,
    {
      ...credential,
      iss: issuerId(ctx),
      sub: subjectId,
      jti: credentialId,
      nbf: Math.floor(now.getTime() / 1000),
      iat: Math.floor(now.getTime() / 1000),
    },
    'vc+jwt',
  );
  return { format: 'vc+jwt' as const, jwt, credential };
}

/**
 * Checks a credential the platform issued: signature by a published key, issuer, and whether the
 * holder still has the badge (a correction may have removed the work it rests on).
 */
export async function verifyCredential(ctx: AppContext, jwt: string) {
  const checked = await verifyJwt(ctx, jwt, issuerId(ctx));
  if (!checked.ok) return { valid: false, reason: checked.reason, stillHeld: null, credential: null };
  const claims = checked.payload as Record<string, unknown> & {
    sub?: string;
    credentialSubject?: { achievement?: { id?: string } };
    type?: unknown;
  };
  const types = Array.isArray(claims.type) ? claims.type : [];
  if (!types.includes('OpenBadgeCredential'))
    return { valid: false, reason: 'not_an_open_badge', stillHeld: null, credential: null };
  const userId = claims.sub?.split('/users/')[1];
  const badgeId = claims.credentialSubject?.achievement?.id?.split('/achievements/')[1];
  let stillHeld: boolean | null = null;
  if (userId && badgeId) {
    try {
      stillHeld = (await badgesOf(ctx, userId)).badges.some((b) => b.id === badgeId);
    } catch {
      stillHeld = false;
    }
  }
  return { valid: true, reason: null, stillHeld, credential: claims };
}

// ——— public ledger entry ———

/** A ledger entry as anyone may see it: opaque id, amount, unit, kind, time, the need's domains, whether it was corrected. */
export async function publicEntry(ctx: AppContext, transferId: string) {
  const t = await repo.findTransfer(ctx.db, transferId);
  // Only confirmed work and its kin are public; exchanges between people stay private.
  if (!t || t.reference_type !== 'engagement' || !t.reference_id || t.phase !== 'posted')
    throw notFound('Ledger entry');
  const need = await repo.needDomainsOfEngagement(ctx.db, t.reference_id);
  const correction = await repo.findCorrectionOf(ctx.db, t.id);
  return {
    id: t.id,
    unit: t.unit,
    amount: Number(t.amount),
    kind: t.kind,
    createdAt: t.created_at,
    domains: need ? (JSON.parse(need.domains) as string[]) : [],
    corrected: correction !== undefined,
    seq: Number(t.seq),
  };
}
