import type { EngagementAction, EngagementStatus } from './engagement-vocabulary.ts';

/**
 * Whether the reader is the one to move an engagement forward, given the actions they may take:
 * any step but withdrawing or cancelling, and but adding more hours to hours already waiting for
 * the organisation (possible, yet nothing waits for it). The web's "your turn" marks, the "to do"
 * counts and the engagement texts all follow this one rule.
 */
export function isMyTurn(status: EngagementStatus, allowedActions: readonly EngagementAction[]): boolean {
  return allowedActions.some((a) => a !== 'cancel' && !(a === 'log_hours' && status === 'hours_logged'));
}
