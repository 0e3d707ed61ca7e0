import {
  helperCodeResponse,
  helperConsentList,
  helperConsentResponse,
  onBehalfActList,
} from '../../../../shared/schemas/helpers.ts';
import { request } from './client.ts';

/** Help on someone's behalf (docs/API.md, Help on someone's behalf). */
export const helpersApi = {
  newCode: () => request('POST', '/me/helper-code', helperCodeResponse),
  myConsents: () => request('GET', '/me/helpers', helperConsentList).then((r) => r.items),
  confirm: (id: string) =>
    request('POST', `/me/helpers/${encodeURIComponent(id)}/confirm`, helperConsentResponse).then((r) => r.consent),
  withdraw: (id: string) =>
    request('POST', `/helpers/consents/${encodeURIComponent(id)}/withdraw`, helperConsentResponse).then(
      (r) => r.consent,
    ),
  actsForMe: () => request('GET', '/me/on-behalf-acts', onBehalfActList).then((r) => r.items),
  consentByCode: (code: string) =>
    request('POST', '/helpers/consents', helperConsentResponse, { code }).then((r) => r.consent),
  peopleHelped: () => request('GET', '/helpers/people', helperConsentList).then((r) => r.items),
};
