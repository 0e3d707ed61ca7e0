/**
 * The engagement vocabulary shared by server and web: stable codes the API sends and the web
 * translates. The rules over them live in server/modules/engagements/state-machine.ts.
 */

/** `work` for hands and knowledge (hours are logged), `materials` for a pledge of goods. */
export const engagementKinds = ['work', 'materials'] as const;
export type EngagementKind = (typeof engagementKinds)[number];

/**
 * - `proposed`: a person applied to a need, or an organisation invited an offer; the other side answers.
 * - `accepted`: agreed (for materials: pledged); the worker does the work or delivers.
 * - `hours_logged`: the worker logged hours; the organisation confirms or disputes.
 * - `delivered`: materials handed over; the organisation confirms quantity and value, or disputes.
 * - `disputed`: the organisation questions the hours or the delivery (with a reason).
 * - `completed`: confirmed; the ledger lines are posted.
 * - `declined`, `cancelled`: ended by a person.
 * - `not_selected`: the need was filled by others before this application was answered.
 */
export const engagementStatuses = [
  'proposed',
  'accepted',
  'hours_logged',
  'delivered',
  'disputed',
  'completed',
  'declined',
  'cancelled',
  'not_selected',
] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

export const terminalStatuses: readonly EngagementStatus[] = ['completed', 'declined', 'cancelled', 'not_selected'];

/** The two parties, plus the platform itself (closing applications when a need is filled). */
export const engagementSides = ['worker', 'organization', 'system'] as const;
export type EngagementSide = (typeof engagementSides)[number];

export const engagementActions = [
  'accept',
  'decline',
  'cancel',
  'log_hours',
  'deliver',
  'confirm',
  'dispute',
  'not_select',
] as const;
export type EngagementAction = (typeof engagementActions)[number];
