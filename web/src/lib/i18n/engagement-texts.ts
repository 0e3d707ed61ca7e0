import { isMyTurn } from '../../../../shared/engagement-turn.ts';
import type { EngagementAction, EngagementKind, EngagementStatus } from '../../../../shared/engagement-vocabulary.ts';

/**
 * What an engagement says to the person reading it, per state × proposer × side × kind: the line
 * "what now", the badge, the labels of the buttons and the yes/no panels, and why it ended. An
 * invitation reads as one to the invited person (and as "you invited" to the organisation), an
 * application as one; materials never speak of hours. Pure (keys only, the pages translate them),
 * and checked for every combination in tests/unit/engagement-texts.test.ts.
 */

export interface EngagementFacts {
  status: EngagementStatus;
  kind: EngagementKind;
  /** `worker` when the person applied, `organization` when the organisation invited. */
  proposedBy: 'worker' | 'organization';
}

export type ReaderSide = 'worker' | 'organization' | 'admin';

/** `yours`: the reader moves next · `theirs`: the other side does · `done`: completed. */
export type Turn = 'yours' | 'theirs' | 'done';

const ended: readonly EngagementStatus[] = ['declined', 'cancelled', 'not_selected'];

/** The one detail a state's text depends on besides the side: who proposed (while open), else the kind. */
const variantOf = (e: EngagementFacts): string =>
  e.status === 'proposed' ? (e.proposedBy === 'worker' ? 'applied' : 'invited') : e.kind;

/**
 * The "what now" line: `engagementTexts.<turn>.<status>.<variant>.<side>`, with `{name}` for the other
 * side; null for admins (they read along) and for ended engagements (their end message says it).
 */
export function nextStepKey(
  e: EngagementFacts,
  side: ReaderSide,
  allowedActions: readonly EngagementAction[],
): string | null {
  if (side === 'admin' || ended.includes(e.status)) return null;
  const turn: Turn = e.status === 'completed' ? 'done' : isMyTurn(e.status, allowedActions) ? 'yours' : 'theirs';
  return `engagementTexts.${turn}.${e.status}.${variantOf(e)}.${side}`;
}

/** The badge: an open proposal from the organisation is an invitation; a question is about hours or a delivery. */
export function statusKey(e: EngagementFacts): string {
  if (e.status === 'proposed' && e.proposedBy === 'organization') return 'engagements.status.invited';
  if (e.status === 'disputed' && e.kind === 'materials') return 'engagementTexts.status.disputedMaterials';
  return `engagements.status.${e.status}`;
}

/** How the organisation's side names the person: the one who applied, or the one it invited. */
export const workerLabelKey = (e: EngagementFacts): string =>
  e.proposedBy === 'organization' ? 'engagementTexts.detail.invitedWorker' : 'engagements.detail.withWorker';

/** The answer panels that open from a button: accepting, declining, withdrawing or cancelling. */
export type Answer = 'accept' | 'decline' | 'cancel';

/**
 * Which yes/no panel: the invited person accepts or declines an invitation, the organisation an
 * application; while open the proposer withdraws it (an application or an invitation), later either
 * side cancels the agreement.
 */
export function answerVariant(e: EngagementFacts, action: Answer): string {
  if (e.status !== 'proposed') return action;
  if (action === 'cancel') return e.proposedBy === 'worker' ? 'withdrawApplication' : 'withdrawInvitation';
  return e.proposedBy === 'organization' ? `${action}Invitation` : action;
}

/** The label of an action's button for this engagement. */
export function actionKey(e: EngagementFacts, action: EngagementAction): string {
  switch (action) {
    case 'accept':
    case 'decline':
    case 'cancel':
      return `engagementTexts.actions.${answerVariant(e, action)}`;
    case 'confirm':
    case 'dispute':
      return `engagementTexts.actions.${action}.${e.kind}`;
    default:
      return `engagements.actions.${action}`;
  }
}

/** The panel's texts: `title`, `explain` and `submit` under this key, with `{name}` for the other side. */
export const answerPanelKey = (e: EngagementFacts, action: Answer): string =>
  `engagementTexts.answer.${answerVariant(e, action)}`;

/** What is said once it is done: "you said yes to the invitation", "hours logged", … */
export function doneKey(e: EngagementFacts, action: EngagementAction): string {
  if (action === 'accept' || action === 'decline' || action === 'cancel')
    return `engagementTexts.saved.${answerVariant(e, action)}`;
  return `engagements.done.${action}`;
}

/**
 * Why it ended, for the reader: declining an application is the organisation's no, declining an
 * invitation the person's own; withdrawing an application or an invitation before any answer is
 * told apart from cancelling an agreement. `{name}` is the other side.
 */
export function endedKey(
  e: EngagementFacts & { acceptedAt: string | null },
  endReasonKey: string,
  side: ReaderSide,
): string {
  const reason = endReasonKey.replace(/^engagement\.ended\./, '');
  const reader = side === 'worker' ? 'worker' : 'organization';
  const proposal = e.proposedBy === 'worker' ? 'applied' : 'invited';
  if (reason === 'declined') return `engagementTexts.ended.declined.${proposal}.${reader}`;
  if (e.acceptedAt === null && (reason === 'cancelled_by_worker' || reason === 'cancelled_by_organization')) {
    return `engagementTexts.ended.withdrawn.${proposal}.${reader}`;
  }
  return `engagements.ended.${reason}.${reader}`;
}
