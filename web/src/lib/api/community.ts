import { page } from '../../../../shared/schemas/common.ts';
import {
  helpEngagementResponse,
  helpRequest,
  helpRequestDetail,
  helpRequestResponse,
  myHelp,
  sponsorshipResponse,
  type CreateHelpRequestBody,
} from '../../../../shared/schemas/neighbours.ts';
import { ownIncome, sale, saleResponse, serviceOffer, serviceOfferResponse } from '../../../../shared/schemas/sales.ts';
import {
  obligation,
  obligationDetail,
  obligationResponse,
  statementResponse,
  statementVerification,
  valuationRules,
  type createObligationBody,
  type valuationRulesBody,
} from '../../../../shared/schemas/social-return.ts';
import {
  itemResponse,
  lendableItem,
  loan,
  loanResponse,
  type createItemBody,
} from '../../../../shared/schemas/loans.ts';
import { z } from 'zod';
import type { createServiceOfferBody, orderBody } from '../../../../shared/schemas/sales.ts';
import { request } from './client.ts';

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return search.size ? `?${search}` : '';
}
const enc = encodeURIComponent;

export type HelpStep = 'accept' | 'decline' | 'cancel' | 'dispute';
export type SaleStep = 'decline' | 'cancel' | 'confirm';

/** Neighbours helping neighbours and initiatives' own services (issue 14), parsed with the shared schemas. */
export const communityApi = {
  helpRequests: (q: { near?: string | undefined; cursor?: string | undefined }) =>
    request('GET', `/help-requests${query({ near: q.near, limit: 20, cursor: q.cursor })}`, page(helpRequest)),
  helpRequest: (id: string) => request('GET', `/help-requests/${enc(id)}`, helpRequestDetail),
  createHelpRequest: (body: CreateHelpRequestBody) =>
    request('POST', '/help-requests', helpRequestResponse, body).then((r) => r.request),
  closeHelpRequest: (id: string) =>
    request('POST', `/help-requests/${enc(id)}/close`, helpRequestResponse).then((r) => r.request),
  offerHelp: (id: string, message: string) =>
    request('POST', `/help-requests/${enc(id)}/offers`, helpEngagementResponse, { message }).then((r) => r.engagement),
  myHelp: () => request('GET', '/me/help', myHelp),
  helpStep: (id: string, step: HelpStep) =>
    request('POST', `/help-engagements/${enc(id)}/${step}`, helpEngagementResponse, {}).then((r) => r.engagement),
  logHelp: (id: string, body: { minutes: number; date: string }) =>
    request('POST', `/help-engagements/${enc(id)}/hours`, helpEngagementResponse, body).then((r) => r.engagement),
  confirmHelp: (id: string) =>
    request('POST', `/help-engagements/${enc(id)}/confirm`, helpEngagementResponse, {}).then((r) => r.engagement),
  sponsor: (organizationId: string, body: { recipientUserId: string; minutes: number; reason: string }) =>
    request('POST', `/organizations/${enc(organizationId)}/sponsorships`, sponsorshipResponse, body).then(
      (r) => r.sponsorship,
    ),

  serviceOffers: (q: {
    q?: string | undefined;
    domain?: string | undefined;
    limit?: number;
    cursor?: string | undefined;
  }) =>
    request(
      'GET',
      `/service-offers${query({ q: q.q, domain: q.domain, limit: q.limit ?? 20, cursor: q.cursor })}`,
      page(serviceOffer),
    ),
  serviceOffer: (id: string) => request('GET', `/service-offers/${enc(id)}`, serviceOfferResponse).then((r) => r.offer),
  createServiceOffer: (body: z.input<typeof createServiceOfferBody>) =>
    request('POST', '/service-offers', serviceOfferResponse, body).then((r) => r.offer),
  order: (offerId: string, body: z.input<typeof orderBody>) =>
    request('POST', `/service-offers/${enc(offerId)}/orders`, saleResponse, body).then((r) => r.sale),
  sale: (id: string) => request('GET', `/sales/${enc(id)}`, saleResponse).then((r) => r.sale),
  myPurchases: () => request('GET', `/sales${query({ role: 'buyer', limit: 50 })}`, page(sale)),
  salesOf: (organizationId: string) =>
    request('GET', `/sales${query({ role: 'seller', organizationId, limit: 50 })}`, page(sale)),
  acceptSale: (id: string, priceCents?: number) =>
    request('POST', `/sales/${enc(id)}/accept`, saleResponse, priceCents === undefined ? {} : { priceCents }).then(
      (r) => r.sale,
    ),
  deliverSale: (id: string, workMinutes: number) =>
    request('POST', `/sales/${enc(id)}/deliver`, saleResponse, { workMinutes }).then((r) => r.sale),
  saleStep: (id: string, step: SaleStep) =>
    request('POST', `/sales/${enc(id)}/${step}`, saleResponse, {}).then((r) => r.sale),
  items: (q: { organizationId?: string | undefined; cursor?: string | undefined }) =>
    request(
      'GET',
      `/lendable-items${query({ organizationId: q.organizationId, limit: 20, cursor: q.cursor })}`,
      page(lendableItem),
    ),
  item: (id: string) => request('GET', `/lendable-items/${enc(id)}`, itemResponse).then((r) => r.item),
  createItem: (body: z.input<typeof createItemBody>) =>
    request('POST', '/lendable-items', itemResponse, body).then((r) => r.item),
  borrow: (itemId: string, message: string) =>
    request('POST', `/lendable-items/${enc(itemId)}/loans`, loanResponse, { message }).then((r) => r.loan),
  loan: (id: string) => request('GET', `/loans/${enc(id)}`, loanResponse).then((r) => r.loan),
  myLoans: (role: 'borrower' | 'lender') => request('GET', `/loans${query({ role, limit: 50 })}`, page(loan)),
  loanCondition: (id: string, step: 'hand-over' | 'return', condition: string) =>
    request('POST', `/loans/${enc(id)}/${step}`, loanResponse, { condition }).then((r) => r.loan),
  loanStep: (id: string, step: 'decline' | 'cancel' | 'settlement/agree') =>
    request('POST', `/loans/${enc(id)}/${step}`, loanResponse, {}).then((r) => r.loan),
  proposeSettlement: (id: string, body: { outcome: 'time_credits' | 'write_off'; minutes?: number; note: string }) =>
    request('POST', `/loans/${enc(id)}/settlement`, loanResponse, body).then((r) => r.loan),
  obligations: (organizationId: string) =>
    request(
      'GET',
      `/organizations/${enc(organizationId)}/social-return/obligations`,
      z.object({ items: z.array(obligation) }),
    ).then((r) => r.items),
  createObligation: (organizationId: string, body: z.input<typeof createObligationBody>) =>
    request('POST', `/organizations/${enc(organizationId)}/social-return/obligations`, obligationResponse, body).then(
      (r) => r.obligation,
    ),
  obligation: (id: string) => request('GET', `/social-return/obligations/${enc(id)}`, obligationDetail),
  setRules: (organizationId: string, body: z.input<typeof valuationRulesBody>) =>
    request(
      'PUT',
      `/organizations/${enc(organizationId)}/social-return/rules`,
      z.object({ rules: valuationRules }),
      body,
    ).then((r) => r.rules),
  issueStatement: (obligationId: string) =>
    request('POST', `/social-return/obligations/${enc(obligationId)}/statements`, statementResponse).then(
      (r) => r.statement,
    ),
  verifyStatement: (code: string) => request('GET', `/social-return/statements/${enc(code)}`, statementVerification),
  ownIncome: (organizationId: string, year: number) =>
    request('GET', `/organizations/${enc(organizationId)}/own-income${query({ year })}`, ownIncome),
};
