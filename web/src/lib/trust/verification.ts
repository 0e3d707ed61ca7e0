import type { AuditAction, AuditEntry, VerificationMethod } from '../../../../shared/schemas/trust.ts';
import type { organizationTypes } from '../../../../shared/vocabulary.ts';

type OrganizationType = (typeof organizationTypes)[number];

/**
 * How an admin may verify an organisation of each type (issue 9): initiatives and businesses by their
 * KvK number; public bodies by their OIN or, when they have none at hand, a written note.
 */
export function methodsFor(type: OrganizationType): readonly VerificationMethod[] {
  return type === 'public' ? ['oin', 'note'] : ['kvk'];
}

export interface VerifyValues {
  method: VerificationMethod;
  reference: string;
  note: string;
  area: 'municipality' | 'province';
}

/**
 * The request body for the shared `verifyOrganizationBody` schema from what the admin typed: a number
 * loses the spaces and dots people type in it ("1234 5678"), a note needs no number, and only public
 * bodies have an area (how far their match rounds reach).
 */
export function verifyBodyFrom(type: OrganizationType, values: VerifyValues): Record<string, unknown> {
  const reference = values.reference.replace(/[\s.]/g, '');
  return {
    method: values.method,
    ...(values.method === 'note' ? {} : { reference }),
    note: values.note,
    ...(type === 'public' ? { area: values.area } : {}),
  };
}

/** The first values of the form for an organisation: its own KvK number when it gave one. */
export function initialVerifyValues(type: OrganizationType, kvkNumber: string | null): VerifyValues {
  const method = methodsFor(type)[0] ?? 'note';
  return { method, reference: method === 'kvk' ? (kvkNumber ?? '') : '', note: '', area: 'municipality' };
}

/** Acts only a platform admin can take: the audit log names the actor as "Waardewerk" for them. */
const adminActions: ReadonlySet<AuditAction> = new Set([
  'organization.verify',
  'organization.withdraw_verification',
  'ledger.floor_set',
  'ledger.correction',
  'moderation.hide',
  'moderation.restore',
]);

/**
 * Who took an act, as the audit log shows it: the reader themselves, the platform's admins, or
 * (the log holds ids, not names) a short form of the person's id.
 */
export function auditActor(
  entry: Pick<AuditEntry, 'actorId' | 'action'>,
  viewerId: string | undefined,
): { key: string; params?: Record<string, string> } {
  if (entry.actorId === viewerId) return { key: 'trust.audit.actor.you' };
  if (adminActions.has(entry.action)) return { key: 'trust.audit.actor.admin' };
  return { key: 'trust.audit.actor.person', params: { id: entry.actorId.slice(0, 8) } };
}

/**
 * The certificate behind a VOG or UWV record: the server writes the reason of that act itself, in
 * English ("VOG shown, dated …"), so the log says it in the reader's language from this date instead.
 */
export function certificateShown(
  entry: Pick<AuditEntry, 'action' | 'details'>,
): { kind: 'vog' | 'uwv'; date: string } | null {
  const checkedOn = entry.details['checkedOn'];
  if (typeof checkedOn !== 'string') return null;
  if (entry.action === 'vog.record') return { kind: 'vog', date: checkedOn };
  if (entry.action === 'uwv.record') return { kind: 'uwv', date: checkedOn };
  return null;
}
