import { page } from '../../../../shared/schemas/common.ts';
import {
  recordUwvBody,
  recordVogBody,
  screeningRecordResponse,
  screeningRecordsResponse,
  vogRecordResponse,
} from '../../../../shared/schemas/organizations.ts';
import {
  adminOrganization,
  adminOrganizationResponse,
  auditEntry,
  moderationNotice,
  queuedReport,
  queuedReportResponse,
  report,
  reportResponse,
  type CreateReportBody,
  type VerifyOrganizationBody,
} from '../../../../shared/schemas/trust.ts';
import type { z } from 'zod';
import { request } from './client.ts';

const adminOrgPath = (id: string) => `/admin/organizations/${encodeURIComponent(id)}`;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return search.size ? `?${search}` : '';
}

export type ReportStatus = z.infer<typeof report>['status'];
export type RecordVogBody = z.infer<typeof recordVogBody>;
export type RecordUwvBody = z.infer<typeof recordUwvBody>;

/** Typed calls for verification, the audit log, reports and moderation (issue 9), parsed with the shared schemas. */
export const trustApi = {
  /** Admins: organisations waiting for verification (oldest first), or the verified ones. */
  verificationQueue: (q: { verified: boolean; cursor?: string | undefined }) =>
    request(
      'GET',
      `/admin/organizations${query({ verified: String(q.verified), limit: 20, cursor: q.cursor })}`,
      page(adminOrganization),
    ),
  adminOrganization: (id: string) =>
    request('GET', adminOrgPath(id), adminOrganizationResponse).then((r) => r.organization),
  verify: (id: string, body: VerifyOrganizationBody) =>
    request('POST', `${adminOrgPath(id)}/verification`, adminOrganizationResponse, body).then((r) => r.organization),
  withdraw: (id: string, reason: string) =>
    request('POST', `${adminOrgPath(id)}/verification/withdraw`, adminOrganizationResponse, { reason }).then(
      (r) => r.organization,
    ),

  /** Admins: everything (no organisation); owners: their organisation's acts. Newest first. */
  audit: (q: { organizationId?: string | undefined; cursor?: string | undefined }) =>
    request(
      'GET',
      `/audit${query({ organizationId: q.organizationId, limit: 20, cursor: q.cursor })}`,
      page(auditEntry),
    ),

  report: (body: CreateReportBody) => request('POST', '/reports', reportResponse, body).then((r) => r.report),
  myReports: (cursor?: string) =>
    request('GET', `/reports/mine${query({ as: 'reporter', limit: 20, cursor })}`, page(report)),
  /** Decisions about the person's own content (without who reported it). */
  aboutMe: (cursor?: string) =>
    request('GET', `/reports/mine${query({ as: 'author', limit: 20, cursor })}`, page(moderationNotice)),
  reportQueue: (q: { status: ReportStatus; cursor?: string | undefined }) =>
    request('GET', `/admin/reports${query({ status: q.status, limit: 20, cursor: q.cursor })}`, page(queuedReport)),
  decide: (id: string, decision: 'hide' | 'restore', reason: string) =>
    request('POST', `/admin/reports/${encodeURIComponent(id)}/${decision}`, queuedReportResponse, { reason }).then(
      (r) => r.report,
    ),

  /** A coordinator records that a volunteer showed a valid VOG (403 `organization_unverified` until verified). */
  recordVog: (organizationId: string, body: RecordVogBody) =>
    request('POST', `/organizations/${encodeURIComponent(organizationId)}/vog-records`, vogRecordResponse, body),
  recordUwv: (organizationId: string, body: RecordUwvBody) =>
    request('POST', `/organizations/${encodeURIComponent(organizationId)}/uwv-records`, screeningRecordResponse, body),
  /** Managers: the organisation's VOG and UWV records; `expiring`: only those running out (the reminder list). */
  screeningRecords: (organizationId: string, expiring: boolean) =>
    request(
      'GET',
      `/organizations/${encodeURIComponent(organizationId)}/screening-records${expiring ? '?expiring=true' : ''}`,
      screeningRecordsResponse,
    ),
};
