import {
  engagementActions,
  type EngagementAction,
  type EngagementKind,
  type EngagementSide,
  type EngagementStatus,
} from '../../../shared/engagement-vocabulary.ts';

/**
 * The engagement state machine: which side may take which action in which state, and where it
 * leads. Pure — the service loads the engagement, asks `decide`, and writes the result.
 *
 * | from          | action    | who                      | to           | kind      |
 * |---------------|-----------|--------------------------|--------------|-----------|
 * | proposed      | accept    | the side that did not propose | accepted | both      |
 * | proposed      | decline   | the side that did not propose | declined | both      |
 * | proposed      | cancel    | the side that proposed (withdraw) | cancelled | both |
 * | proposed      | not_select| system (need filled)     | not_selected | both      |
 * | accepted      | log_hours | worker                   | hours_logged | work      |
 * | accepted      | deliver   | worker                   | delivered    | materials |
 * | accepted      | cancel    | worker or organization   | cancelled    | both      |
 * | hours_logged  | log_hours | worker (more hours)      | hours_logged | work      |
 * | hours_logged  | confirm   | organization             | completed    | work      |
 * | hours_logged  | dispute   | organization             | disputed     | work      |
 * | hours_logged  | cancel    | worker or organization   | cancelled    | work      |
 * | delivered     | confirm   | organization             | completed    | materials |
 * | delivered     | dispute   | organization             | disputed     | materials |
 * | delivered     | cancel    | worker or organization   | cancelled    | materials |
 * | disputed      | log_hours | worker (corrected hours) | hours_logged | work      |
 * | disputed      | deliver   | worker (corrected delivery) | delivered | materials |
 * | disputed      | confirm   | organization (after talking it through) | completed | both |
 * | disputed      | cancel    | worker or organization   | cancelled    | both      |
 *
 * Everything else is refused; `completed`, `declined`, `cancelled` and `not_selected` are final.
 */

export interface EngagementState {
  status: EngagementStatus;
  kind: EngagementKind;
  /** Who made the proposal: `worker` when a person applied, `organization` when it invited an offer. */
  proposedBy: 'worker' | 'organization';
}

export type RefusalReason = 'final' | 'wrong_state' | 'wrong_kind' | 'wrong_side';

export type Decision = { ok: true; next: EngagementStatus } | { ok: false; reason: RefusalReason; message: string };

/** Who may act: a fixed side, or one relative to who proposed. */
type Who = 'worker' | 'organization' | 'either' | 'system' | 'proposer' | 'answerer';

interface Rule {
  who: Who;
  to: EngagementStatus;
  kinds: readonly EngagementKind[];
}

const both: readonly EngagementKind[] = ['work', 'materials'];
const work: readonly EngagementKind[] = ['work'];
const materials: readonly EngagementKind[] = ['materials'];

// The steps after acceptance are taken by the same side towards the same status wherever they are
// allowed; only the kinds of engagement differ by state.
const logHours: Rule = { who: 'worker', to: 'hours_logged', kinds: work };
const deliver: Rule = { who: 'worker', to: 'delivered', kinds: materials };
const confirm = (kinds: readonly EngagementKind[]): Rule => ({ who: 'organization', to: 'completed', kinds });
const dispute = (kinds: readonly EngagementKind[]): Rule => ({ who: 'organization', to: 'disputed', kinds });
const cancelByEither = (kinds: readonly EngagementKind[]): Rule => ({ who: 'either', to: 'cancelled', kinds });

const rules: Record<EngagementStatus, Partial<Record<EngagementAction, Rule>>> = {
  proposed: {
    accept: { who: 'answerer', to: 'accepted', kinds: both },
    decline: { who: 'answerer', to: 'declined', kinds: both },
    cancel: { who: 'proposer', to: 'cancelled', kinds: both },
    not_select: { who: 'system', to: 'not_selected', kinds: both },
  },
  accepted: { log_hours: logHours, deliver, cancel: cancelByEither(both) },
  hours_logged: { log_hours: logHours, confirm: confirm(work), dispute: dispute(work), cancel: cancelByEither(work) },
  delivered: { confirm: confirm(materials), dispute: dispute(materials), cancel: cancelByEither(materials) },
  disputed: { log_hours: logHours, deliver, confirm: confirm(both), cancel: cancelByEither(both) },
  completed: {},
  declined: {},
  cancelled: {},
  not_selected: {},
};

function sideMatches(who: Who, side: EngagementSide, proposedBy: EngagementState['proposedBy']): boolean {
  switch (who) {
    case 'either':
      return side === 'worker' || side === 'organization';
    case 'proposer':
      return side === proposedBy;
    case 'answerer':
      return side !== 'system' && side !== proposedBy;
    default:
      return side === who;
  }
}

function describeWho(who: Who, proposedBy: EngagementState['proposedBy']): string {
  const other = proposedBy === 'worker' ? 'organisation' : 'worker';
  switch (who) {
    case 'either':
      return 'the worker or the organisation';
    case 'proposer':
      return `the ${proposedBy === 'worker' ? 'worker' : 'organisation'} who proposed it`;
    case 'answerer':
      return `the ${other}`;
    case 'system':
      return 'the platform';
    case 'organization':
      return 'the organisation';
    default:
      return 'the worker';
  }
}

/**
 * May `side` take `action` on an engagement in `state`, and what is the next status?
 * Example: `decide({ status: 'hours_logged', kind: 'work', proposedBy: 'worker' }, 'confirm', 'organization')`
 * → `{ ok: true, next: 'completed' }`; the same by the worker → `{ ok: false, reason: 'wrong_side' }`.
 */
export function decide(state: EngagementState, action: EngagementAction, side: EngagementSide): Decision {
  const rule = rules[state.status][action];
  if (!rule) {
    if (Object.keys(rules[state.status]).length === 0) {
      return {
        ok: false,
        reason: 'final',
        message: `This engagement is ${state.status.replace('_', ' ')}; nothing can change any more`,
      };
    }
    return {
      ok: false,
      reason: 'wrong_state',
      message: `You cannot ${action.replace('_', ' ')} an engagement that is ${state.status.replace('_', ' ')}`,
    };
  }
  if (!rule.kinds.includes(state.kind)) {
    return {
      ok: false,
      reason: 'wrong_kind',
      message:
        state.kind === 'materials'
          ? 'Materials are delivered, not logged in hours'
          : 'Work is logged in hours, not delivered',
    };
  }
  if (!sideMatches(rule.who, side, state.proposedBy)) {
    return {
      ok: false,
      reason: 'wrong_side',
      message: `Only ${describeWho(rule.who, state.proposedBy)} may ${action.replace('_', ' ')} now`,
    };
  }
  return { ok: true, next: rule.to };
}

/** The actions `side` may take now: the web shows exactly these buttons. */
export function allowedActions(state: EngagementState, side: EngagementSide): EngagementAction[] {
  return engagementActions.filter((a) => decide(state, a, side).ok);
}
