import type { z } from 'zod';
import { onBehalfHeader } from './on-behalf.ts';
import { checkedLater, checkWhenIdle, isLazySchema, parsedWith, type LazySchema } from './lazy-schema.ts';
import type { ErrorCode } from '../../../../shared/error-codes.ts';
import type { ReauthenticateBody, LoginBody, RegisterBody, UpdateMeBody } from '../../../../shared/schemas/accounts.ts';
import type { CreateOrganizationBody, UpdateOrganizationBody } from '../../../../shared/schemas/organizations.ts';

// The schemas of the calls below, fetched with zod when first used (lazy-schema.ts): the start
// page's code carries no zod.
const accounts = () => import('../../../../shared/schemas/accounts.ts');
const common = () => import('../../../../shared/schemas/common.ts');
const organizations = () => import('../../../../shared/schemas/organizations.ts');
const errorBody = checkedLater(() => common().then((m) => m.errorBody));

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

/** What the answer of a request is checked with: a zod schema, or one fetched when first needed (lazy-schema.ts). */
export type ResponseSchema<T> = z.ZodType<T> | LazySchema<T>;

/**
 * One request to `/api<path>`. The answer is parsed with the same zod schema the server declares,
 * so a contract drift shows up as an error here instead of as `undefined` deep in a page (the start
 * page's own answers are checked just after it has shown them: `checkedLater`).
 */
export async function request<T>(method: Method, path: string, schema: ResponseSchema<T>, body?: unknown): Promise<T>;
export async function request(method: Method, path: string, schema: null, body?: unknown): Promise<void>;
export async function request(
  method: Method,
  path: string,
  schema: ResponseSchema<unknown> | null,
  body?: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' }),
        ...onBehalfHeader(method, path),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'Network error');
  }
  if (!response.ok) throw await failure(response, `${method} ${path}`);
  if (schema === null) return undefined;
  const answer: unknown = await response.json();
  if (!isLazySchema(schema)) return schema.parse(answer);
  if (!schema.checkLater) return (await schema.load()).parse(answer);
  checkWhenIdle(schema, answer, `${method} ${path}`);
  return answer;
}

/**
 * The error of a refused request. A visitor's start page meets one at once (`GET /me` → 401), so
 * the body is read without waiting for zod: its code and fields are taken when they have the
 * shape of `errorBody`, which checks the whole body once the page is idle.
 */
async function failure(response: Response, what: string): Promise<ApiError> {
  const fallback = new ApiError(
    response.status,
    response.status >= 500 ? 'internal' : 'invalid_input',
    response.statusText,
  );
  const answer: unknown = await response.json().catch(() => null);
  if (!isRecord(answer) || !isRecord(answer.error)) return fallback;
  checkWhenIdle(errorBody, answer, what);
  const { code, message, fields, details } = answer.error;
  if (typeof code !== 'string') return fallback;
  return new ApiError(
    response.status,
    code as ErrorCode, // the server answers only its own codes; errorBody holds it to that when idle
    typeof message === 'string' ? message : response.statusText,
    isRecord(fields) ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) : {},
    isRecord(details) ? details : {},
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Who is signed in: asked by every first page, so it is checked after the page shows (lazy-schema.ts). */
const me = checkedLater(() => accounts().then((m) => m.meResponse));
const userResponse = parsedWith(() => accounts().then((m) => m.userResponse));
const organizationResponse = parsedWith(() => organizations().then((m) => m.organizationResponse));
const organizationPage = parsedWith(() =>
  Promise.all([common(), organizations()]).then(([c, o]) => c.page(o.organization)),
);
const placeResponse = parsedWith(() => common().then((m) => m.placeResponse));
const orgPath = (id: string) => `/organizations/${encodeURIComponent(id)}`;

/** Typed calls, one per endpoint the web app uses. */
export const api = {
  me: () => request('GET', '/me', me),
  register: (body: RegisterBody) => request('POST', '/auth/register', userResponse, body),
  login: (body: LoginBody) => request('POST', '/auth/login', userResponse, body),
  logout: () => request('POST', '/auth/logout', null),
  updateMe: (body: UpdateMeBody) => request('PATCH', '/me', userResponse, body),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request('POST', '/me/password', null, body),
  sessions: () =>
    request(
      'GET',
      '/me/sessions',
      parsedWith(() => accounts().then((m) => m.sessionsResponse)),
    ),
  endSession: (id: string) => request('DELETE', `/me/sessions/${encodeURIComponent(id)}`, null),
  endOtherSessions: (body: ReauthenticateBody) =>
    request(
      'POST',
      '/me/sessions/end-others',
      parsedWith(() => accounts().then((m) => m.endOtherSessionsResponse)),
      body,
    ),
  /** The place of a Dutch postcode; ApiError `unknown_postcode` when there is no such postcode. */
  postcode: (code: string) =>
    request('GET', `/postcodes/${encodeURIComponent(code)}`, placeResponse).then((r) => r.place),
  organizations: (query: { q?: string; limit?: number; cursor?: string } = {}) => {
    const search = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return request('GET', `/organizations${search.size ? `?${search}` : ''}`, organizationPage);
  },
  organization: (id: string) => request('GET', orgPath(id), organizationResponse),
  createOrganization: (body: CreateOrganizationBody) => request('POST', '/organizations', organizationResponse, body),
  updateOrganization: (id: string, body: UpdateOrganizationBody) =>
    request('PATCH', orgPath(id), organizationResponse, body),
  members: (id: string) =>
    request(
      'GET',
      `${orgPath(id)}/members`,
      parsedWith(() => organizations().then((m) => m.membersResponse)),
    ),
  /** Sends an invitation; the answer is the same whether or not the address has an account. */
  inviteMember: (id: string, body: { email: string; role: 'owner' | 'coordinator' | 'member' }) =>
    request(
      'POST',
      `${orgPath(id)}/members`,
      parsedWith(() => organizations().then((m) => m.invitedResponse)),
      body,
    ),
  leaveOrganization: (id: string) => request('DELETE', `${orgPath(id)}/members/me`, null),
  myInvitations: () =>
    request(
      'GET',
      '/me/invitations',
      parsedWith(() => organizations().then((m) => m.invitationsResponse)),
    ).then((r) => r.items),
  acceptInvitation: (id: string) =>
    request(
      'POST',
      `/invitations/${encodeURIComponent(id)}/accept`,
      parsedWith(() => organizations().then((m) => m.memberResponse)),
    ),
  declineInvitation: (id: string) => request('POST', `/invitations/${encodeURIComponent(id)}/decline`, null),
};
