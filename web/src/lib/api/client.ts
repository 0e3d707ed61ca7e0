import { z } from 'zod';
import { onBehalfHeader } from './on-behalf.ts';
import type { ErrorCode } from '../../../../shared/error-codes.ts';
import {
  meResponse,
  sessionsResponse,
  endOtherSessionsResponse,
  type ReauthenticateBody,
  userResponse,
  type LoginBody,
  type RegisterBody,
  type UpdateMeBody,
} from '../../../../shared/schemas/accounts.ts';
import { errorBody, page, place } from '../../../../shared/schemas/common.ts';
import {
  invitationsResponse,
  invitedResponse,
  membersResponse,
  memberResponse,
  organization,
  organizationResponse,
  type CreateOrganizationBody,
  type UpdateOrganizationBody,
} from '../../../../shared/schemas/organizations.ts';

/** The API's error codes, plus `network` when no answer came at all (offline, server down). */
export type ClientErrorCode = ErrorCode | 'network';

/** A refused or failed request, with the server's stable code and per-field reasons. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The code to explain a failure with: the API's own, or `internal` for anything that was not an answer. */
export function errorCodeOf(err: unknown): ClientErrorCode {
  return err instanceof ApiError ? err.code : 'internal';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One request to `/api<path>`. The answer is parsed with the same zod schema the server declares,
 * so a contract drift shows up as an error here instead of as `undefined` deep in a page.
 */
export async function request<S extends z.ZodType>(method: Method, path: string, schema: S, body?: unknown): Promise<z.infer<S>>;
export async function request(method: Method, path: string, schema: null, body?: unknown): Promise<void>;
export async function request(method: Method, path: string, schema: z.ZodType | null, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
        ...onBehalfHeader(method, path),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'Network error');
  }
  if (!response.ok) {
    const parsed = errorBody.safeParse(await response.json().catch(() => null));
    if (parsed.success) {
      const e = parsed.data.error;
      throw new ApiError(response.status, e.code, e.message, e.fields ?? {}, e.details ?? {});
    }
    throw new ApiError(response.status, response.status >= 500 ? 'internal' : 'invalid_input', response.statusText);
  }
  if (schema === null) return undefined;
  return schema.parse(await response.json());
}

const placeResponse = z.object({ place });
const orgPath = (id: string) => `/organizations/${encodeURIComponent(id)}`;

/** Typed calls, one per endpoint the web app uses. */
export const api = {
  me: () => request('GET', '/me', meResponse),
  register: (body: RegisterBody) => request('POST', '/auth/register', userResponse, body),
  login: (body: LoginBody) => request('POST', '/auth/login', userResponse, body),
  logout: () => request('POST', '/auth/logout', null),
  updateMe: (body: UpdateMeBody) => request('PATCH', '/me', userResponse, body),
  changePassword: (body: { currentPassword: string; newPassword: string }) => request('POST', '/me/password', null, body),
  sessions: () => request('GET', '/me/sessions', sessionsResponse),
  endSession: (id: string) => request('DELETE', `/me/sessions/${encodeURIComponent(id)}`, null),
  endOtherSessions: (body: ReauthenticateBody) => request('POST', '/me/sessions/end-others', endOtherSessionsResponse, body),
  /** The place of a Dutch postcode; ApiError `unknown_postcode` when there is no such postcode. */
  postcode: (code: string) => request('GET', `/postcodes/${encodeURIComponent(code)}`, placeResponse).then((r) => r.place),
  organizations: (query: { q?: string; limit?: number; cursor?: string } = {}) => {
    const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    return request('GET', `/organizations${search.size ? `?${search}` : ''}`, page(organization));
  },
  organization: (id: string) => request('GET', orgPath(id), organizationResponse),
  createOrganization: (body: CreateOrganizationBody) => request('POST', '/organizations', organizationResponse, body),
  updateOrganization: (id: string, body: UpdateOrganizationBody) => request('PATCH', orgPath(id), organizationResponse, body),
  members: (id: string) => request('GET', `${orgPath(id)}/members`, membersResponse),
  /** Sends an invitation; the answer is the same whether or not the address has an account. */
  inviteMember: (id: string, body: { email: string; role: 'owner' | 'coordinator' | 'member' }) =>
    request('POST', `${orgPath(id)}/members`, invitedResponse, body),
  leaveOrganization: (id: string) => request('DELETE', `${orgPath(id)}/members/me`, null),
  myInvitations: () => request('GET', '/me/invitations', invitationsResponse).then((r) => r.items),
  acceptInvitation: (id: string) => request('POST', `/invitations/${encodeURIComponent(id)}/accept`, memberResponse),
  declineInvitation: (id: string) => request('POST', `/invitations/${encodeURIComponent(id)}/decline`, null),
};
