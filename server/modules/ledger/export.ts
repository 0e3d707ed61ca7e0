/**
 * Exports in hledger journal syntax and CSV. Amounts are seen from the account holder (credits
 * positive), so `hledger bal -C` (cleared) equals the API's posted balance and `-P` (pending)
 * equals its pending balance. Posted and post_pending rows are cleared (`*`); a pending row that
 * is still open is pending (`!`); resolved pendings and voids move nothing and are left out of
 * the hledger file (the CSV lists every row). Minutes are declared `format 1. TIMEmin`: hledger 1.25
 * refuses a commodity format without a decimal mark, and `1.` means "whole numbers".
 */
import type { LedgerUnit } from '../../../shared/schemas/ledger.ts';
import type { Actor, AppContext } from '../../context.ts';
import * as repo from './repository.ts';

const commodity: Record<LedgerUnit, { name: string; decimals: 0 | 2 }> = {
  TIME: { name: 'TIMEmin', decimals: 0 },
  WORK: { name: 'WORKmin', decimals: 0 },
  EUR: { name: 'EUR', decimals: 2 },
  INKIND: { name: 'INKIND', decimals: 2 },
};

/** Exact text of an integer amount: minutes as is, cents as euros with two decimals (12345 → 123.45). */
export function formatAmount(amount: number, unit: LedgerUnit): string {
  const { name, decimals } = commodity[unit];
  if (decimals === 0) return `${amount} ${name}`;
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${name}`;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
/** hledger account name: owner type, opaque owner id, unit — e.g. `person:3f2a…:time`. */
export const hledgerAccount = (ownerType: string, ownerId: string, unit: string) =>
  `${safe(ownerType)}:${safe(ownerId)}:${unit.toLowerCase()}`;

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Own accounts for people; every account for admins. */
export async function exportLedger(
  ctx: AppContext,
  actor: Actor,
  format: 'hledger' | 'csv',
): Promise<{ contentType: string; body: string }> {
  const accountIds = actor.isAdmin
    ? null
    : (await repo.findAccountsOfOwner(ctx.db, 'person', actor.userId)).map((a) => a.id);
  const rows = await repo.exportTransferViews(ctx.db, accountIds);
  ctx.log.info({ userId: actor.userId, all: actor.isAdmin, format, transfers: rows.length }, 'ledger exported');
  if (format === 'csv') {
    const header = [
      'seq',
      'id',
      'created_at',
      'phase',
      'status',
      'group_id',
      'from_type',
      'from_id',
      'to_type',
      'to_id',
      'debit_account_id',
      'credit_account_id',
      'amount',
      'unit',
      'kind',
      'pending_id',
      'corrects_id',
      'reference_type',
      'reference_id',
    ];
    const lines = rows.map((r) => {
      const status =
        r.phase === 'void_pending'
          ? 'voided'
          : r.phase !== 'pending' || r.resolution_phase === 'post_pending'
            ? 'posted'
            : r.resolution_phase === 'void_pending'
              ? 'voided'
              : 'pending';
      return [
        r.seq,
        r.id,
        r.created_at,
        r.phase,
        status,
        r.group_id,
        r.debit_owner_type,
        r.debit_owner_id,
        r.credit_owner_type,
        r.credit_owner_id,
        r.debit_account_id,
        r.credit_account_id,
        r.amount,
        r.unit,
        r.kind,
        r.pending_id,
        r.corrects_id,
        r.reference_type,
        r.reference_id,
      ]
        .map(csvCell)
        .join(',');
    });
    return { contentType: 'text/csv; charset=utf-8', body: [header.join(','), ...lines].join('\r\n') + '\r\n' };
  }

  const out: string[] = [
    `; Waardewerk ledger export, ${ctx.clock.now().toISOString()}`,
    "; Amounts from the holder's side: received is positive. * = posted, ! = pending (reserved).",
    '',
  ];
  for (const unit of Object.keys(commodity) as LedgerUnit[]) {
    const { name, decimals } = commodity[unit];
    out.push(`commodity ${name}`, `  format ${decimals === 0 ? '1.' : '1.00'} ${name}`);
  }
  out.push('');
  const accounts = new Set<string>();
  for (const r of rows) {
    accounts.add(hledgerAccount(r.debit_owner_type, r.debit_owner_id, r.unit));
    accounts.add(hledgerAccount(r.credit_owner_type, r.credit_owner_id, r.unit));
  }
  for (const a of [...accounts].sort()) out.push(`account ${a}`);
  out.push('');
  for (const r of rows) {
    const open = r.phase === 'pending' && r.resolution_phase === null;
    if (r.phase === 'void_pending' || (r.phase === 'pending' && !open)) continue;
    const unit = r.unit;
    out.push(
      `${r.created_at.slice(0, 10)} ${open ? '!' : '*'} ${r.kind}  ; transfer:${r.id}, seq:${r.seq}`,
      `    ${hledgerAccount(r.credit_owner_type, r.credit_owner_id, unit)}  ${formatAmount(r.amount, unit)}`,
      `    ${hledgerAccount(r.debit_owner_type, r.debit_owner_id, unit)}  ${formatAmount(-r.amount, unit)}`,
      '',
    );
  }
  return { contentType: 'text/plain; charset=utf-8', body: out.join('\n') };
}
