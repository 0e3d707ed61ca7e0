import { z } from 'zod';
import {
  certificateVerification,
  credentialVerification,
  impactResponse,
  organizationImpact,
  publicLedgerEntry,
  recognition,
  referenceResponse,
  type CertificateQuery,
  type ReferenceBody,
} from '../../../../shared/schemas/recognition.ts';
import { request } from './client.ts';
import { impactSearch, type ImpactFilter } from '../impact/impact-query.ts';

const openBadge = z.object({
  format: z.literal('vc+jwt'),
  jwt: z.string(),
  credential: z.record(z.string(), z.unknown()),
});
const enc = encodeURIComponent;

/** `/api/me/certificate.pdf?from=&to=`: a link the browser downloads (the PDF is made on the server). */
export function certificateUrl(period: CertificateQuery): string {
  const search = new URLSearchParams(
    Object.entries(period).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  return `/api/me/certificate.pdf${search.size ? `?${search}` : ''}`;
}

/** Typed calls for recognition, certificates and the Stand van het Land (issue 12). */
export const recognitionApi = {
  mine: () => request('GET', '/me/recognition', recognition),
  ofUser: (id: string) => request('GET', `/users/${enc(id)}/recognition`, recognition),
  writeReference: (engagementId: string, body: ReferenceBody) =>
    request('POST', `/engagements/${enc(engagementId)}/reference`, referenceResponse, body).then((r) => r.reference),
  setReferencePublic: (engagementId: string, isPublic: boolean) =>
    request('PATCH', `/me/references/${enc(engagementId)}`, referenceResponse, { public: isPublic }).then(
      (r) => r.reference,
    ),
  openBadge: (badgeId: string) => request('GET', `/me/badges/${enc(badgeId)}/openbadge`, openBadge),
  verifyCredential: (credential: string) =>
    request('POST', '/credentials/verify', credentialVerification, { credential }),
  certificate: (code: string) => request('GET', `/certificates/${enc(code)}`, certificateVerification),
  ledgerEntry: (id: string) => request('GET', `/ledger/entries/${enc(id)}/public`, publicLedgerEntry),
  impact: (filter: ImpactFilter) => request('GET', `/impact${impactSearch(filter)}`, impactResponse),
  organizationImpact: (id: string) => request('GET', `/organizations/${enc(id)}/impact`, organizationImpact),
};
