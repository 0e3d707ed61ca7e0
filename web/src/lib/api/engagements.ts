import { z } from 'zod';
import {
  confirmResponse,
  engagementPage,
  engagementResponse,
  messagePage,
  messageResponse,
  previewResponse,
  type ConfirmBody,
  type CreateEngagementBody,
  type LogHoursBody,
} from '../../../../shared/schemas/engagements.ts';
import type { EngagementStatus } from '../../../../shared/engagement-vocabulary.ts';
import { publicEntriesPage } from '../../../../shared/schemas/ledger-entries.ts';
import { toDoResponse } from '../../../../shared/schemas/to-do.ts';
import {
  balancesResponse,
  transfer,
  transferResponse,
  verifyResponse,
  type CreateTransferBody,
  type LedgerUnit,
} from '../../../../shared/schemas/ledger.ts';
import { page } from '../../../../shared/schemas/common.ts';
import { request } from './client.ts';

const engagementPath = (id: string) => `/engagements/${encodeURIComponent(id)}`;
const one = (r: z.infer<typeof engagementResponse>) => r.engagement;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return search.size ? `?${search}` : '';
}

/** Typed calls for engagements (docs/API.md, Engagements), parsed with the shared response schemas. */
export const engagementsApi = {
  apply: (body: CreateEngagementBody) => request('POST', '/engagements', engagementResponse, body).then(one),
  list: (q: {
    role: 'worker' | 'organization';
    status?: EngagementStatus[];
    needId?: string;
    cursor?: string;
    limit?: number;
  }) =>
    request(
      'GET',
      `/engagements${query({ role: q.role, status: q.status?.join(','), needId: q.needId, cursor: q.cursor, limit: q.limit ?? 50 })}`,
      engagementPage,
    ),
  get: (id: string) => request('GET', engagementPath(id), engagementResponse).then(one),
  answer: (id: string, action: 'accept' | 'decline' | 'cancel', message?: string) =>
    request('POST', `${engagementPath(id)}/${action}`, engagementResponse, message ? { message } : {}).then(one),
  logHours: (id: string, body: LogHoursBody) =>
    request('POST', `${engagementPath(id)}/hours`, engagementResponse, body).then(one),
  deliver: (id: string, body: { quantity: number; note?: string }) =>
    request('POST', `${engagementPath(id)}/deliver`, engagementResponse, body).then(one),
  dispute: (id: string, reason: string) =>
    request('POST', `${engagementPath(id)}/dispute`, engagementResponse, { reason }).then(one),
  preview: (
    id: string,
    q: {
      minutes?: number | undefined;
      quantity?: number | undefined;
      inkindValueCents?: number | undefined;
      recordAsTaxable?: boolean | undefined;
    },
  ) =>
    request(
      'GET',
      `${engagementPath(id)}/confirmation-preview${query({ minutes: q.minutes, quantity: q.quantity, inkindValueCents: q.inkindValueCents, recordAsTaxable: q.recordAsTaxable ? 'true' : undefined })}`,
      previewResponse,
    ),
  confirm: (id: string, body: ConfirmBody) => request('POST', `${engagementPath(id)}/confirm`, confirmResponse, body),
  messages: (id: string, cursor?: string) =>
    request('GET', `${engagementPath(id)}/messages${query({ limit: 100, cursor })}`, messagePage),
  postMessage: (id: string, text: string) =>
    request('POST', `${engagementPath(id)}/messages`, messageResponse, { text }).then((r) => r.message),
  /** What waits for the signed-in person, per side (`GET /api/me/to-do`). */
  toDo: () => request('GET', '/me/to-do', toDoResponse),
};

/** Typed calls for the ledger (docs/API.md, Ledger). */
export const ledgerApi = {
  balances: (owner = 'me') =>
    request('GET', `/ledger/balances${query({ owner })}`, balancesResponse).then((r) => r.balances),
  transfers: (q: { owner?: string; unit?: LedgerUnit; cursor?: string; limit?: number }) =>
    request(
      'GET',
      `/ledger/transfers${query({ owner: q.owner ?? 'me', unit: q.unit, cursor: q.cursor, limit: q.limit ?? 20 })}`,
      page(transfer),
    ),
  transfer: (id: string) =>
    request('GET', `/ledger/transfers/${encodeURIComponent(id)}`, transferResponse).then((r) => r.transfer),
  send: (body: CreateTransferBody) =>
    request('POST', '/ledger/transfers', transferResponse, body).then((r) => r.transfer),
  verify: () => request('GET', '/ledger/verify', verifyResponse),
  entries: (cursor?: string) => request('GET', `/ledger/entries${query({ limit: 10, cursor })}`, publicEntriesPage),
};
