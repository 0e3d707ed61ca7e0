/**
 * The "to do" counts from engagement counts grouped by state. Pure: the service reads the groups,
 * this file says which bucket each belongs to for the reader's side. A group lands in a bucket
 * exactly when it is that side's turn (`isMyTurn` over the state machine's allowed actions;
 * tests/unit/engagement-to-do.test.ts holds that for every state, kind and proposer).
 */
import type { EngagementKind, EngagementStatus } from '../../../shared/engagement-vocabulary.ts';
import type { ToDo } from '../../../shared/schemas/to-do.ts';

export interface StateCount {
  status: EngagementStatus;
  kind: EngagementKind;
  proposedBy: 'worker' | 'organization';
  count: number;
}

type WorkerBucket = Exclude<keyof ToDo['worker'], 'total'>;
type OrganizationBucket = Exclude<keyof ToDo['organization'], 'total'>;

export function workerBucket(s: Omit<StateCount, 'count'>): WorkerBucket | null {
  if (s.status === 'proposed') return s.proposedBy === 'organization' ? 'invitations' : null;
  if (s.status === 'accepted' || s.status === 'disputed') return 'toReport';
  // More hours may be added while the organisation has not confirmed yet, but nothing waits for the worker.
  return null;
}

export function organizationBucket(s: Omit<StateCount, 'count'>): OrganizationBucket | null {
  if (s.status === 'proposed') return s.proposedBy === 'worker' ? 'applicants' : null;
  if (s.status === 'hours_logged' && s.kind === 'work') return 'hoursToConfirm';
  if (s.status === 'delivered' && s.kind === 'materials') return 'materialsToReceive';
  if (s.status === 'disputed') return 'questions';
  return null;
}

export function toDoFrom(worker: readonly StateCount[], organization: readonly StateCount[]): ToDo {
  const w: ToDo['worker'] = { invitations: 0, toReport: 0, total: 0 };
  for (const s of worker) {
    const bucket = workerBucket(s);
    if (bucket) {
      w[bucket] += s.count;
      w.total += s.count;
    }
  }
  const o: ToDo['organization'] = { applicants: 0, hoursToConfirm: 0, materialsToReceive: 0, questions: 0, total: 0 };
  for (const s of organization) {
    const bucket = organizationBucket(s);
    if (bucket) {
      o[bucket] += s.count;
      o.total += s.count;
    }
  }
  return { worker: w, organization: o };
}
