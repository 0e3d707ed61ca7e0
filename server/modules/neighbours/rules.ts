/**
 * Neighbour help's own rules, without I/O: a personal request never asks for euros (no paid work
 * between private persons: that would be undeclared work), and the ledger lines of each step, with
 * ids fixed per help engagement so a retried step asks the ledger for the very same transfers.
 */

/**
 * Whether a text asks for money: an amount with a euro sign or the word euro, or "betaald"/"paid"
 * work. Example: "Kast verhuizen, ik geef €20" → true; "Kast verhuizen, 2 uur" → false.
 */
export function asksForEuros(text: string): boolean {
  const t = text.toLowerCase();
  return /€\s*\d|\d\s*(€|eur\b|euro)|\beuro'?s?\b|\bbetaald\b|\bbetaling\b|\bpaid\b|\bcash\b|\bcontant\b/.test(t);
}

export const helpTransferIds = (engagementId: string) => ({
  reserve: `help.${engagementId}.time-reserve`,
  post: `help.${engagementId}.time-post`,
  extra: `help.${engagementId}.time-extra`,
  void: `help.${engagementId}.time-void`,
  work: `help.${engagementId}.work`,
});

export const helpGroupIds = (engagementId: string) => ({
  confirm: `help.${engagementId}.confirm`,
  cancel: `help.${engagementId}.cancel`,
});

type Owner = { type: 'person'; id: string };
export type HelpLine =
  | {
      id: string;
      type: 'posted' | 'pending';
      from: Owner;
      to: Owner;
      unit: 'TIME' | 'WORK';
      amount: number;
      kind: 'neighbour_help';
      reference: { type: 'help_engagement'; id: string };
    }
  | { id: string; type: 'post'; pendingId: string; amount: number }
  | { id: string; type: 'void'; pendingId: string };

/**
 * At confirmation: WORK requester → helper for the confirmed minutes; TIME from the reservation
 * (partly if fewer minutes: the rest goes back to the requester) plus any excess as a new transfer.
 * Example: 90 reserved, 60 confirmed → [WORK 60, post 60 of 90]; 120 confirmed → [WORK 120, post 90, TIME 30].
 */
export function helpConfirmationLines(input: {
  engagementId: string;
  requesterId: string;
  helperId: string;
  reservedMinutes: number;
  minutes: number;
}): HelpLine[] {
  if (input.minutes <= 0) throw new RangeError('confirmed help needs minutes above 0');
  const ids = helpTransferIds(input.engagementId);
  const from: Owner = { type: 'person', id: input.requesterId };
  const to: Owner = { type: 'person', id: input.helperId };
  const reference = { type: 'help_engagement' as const, id: input.engagementId };
  const lines: HelpLine[] = [
    { id: ids.work, type: 'posted', from, to, unit: 'WORK', amount: input.minutes, kind: 'neighbour_help', reference },
  ];
  const fromReservation = Math.min(input.minutes, input.reservedMinutes);
  if (input.reservedMinutes > 0)
    lines.push({ id: ids.post, type: 'post', pendingId: ids.reserve, amount: fromReservation });
  if (input.minutes > fromReservation) {
    lines.push({
      id: ids.extra,
      type: 'posted',
      from,
      to,
      unit: 'TIME',
      amount: input.minutes - fromReservation,
      kind: 'neighbour_help',
      reference,
    });
  }
  return lines;
}

/**
 * A sponsor gives from what it holds, never from its credit line (its floor): after the transfer its
 * TIME balance, pending debits counted, stays at or above zero.
 * Example: posted +300, 60 reserved for engagements → 240 may be sponsored.
 */
export function spendable(
  account: { creditsPosted: number; debitsPosted: number; debitsPending: number } | undefined,
): number {
  if (!account) return 0;
  return account.creditsPosted - account.debitsPosted - account.debitsPending;
}

/** Whether a sponsorship of `minutes` fits in what the sponsor holds (see `spendable`). */
export const sponsorshipFits = (account: Parameters<typeof spendable>[0], minutes: number): boolean =>
  minutes > 0 && spendable(account) >= minutes;
