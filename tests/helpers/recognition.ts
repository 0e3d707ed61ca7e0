import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp, TestUser } from './app.ts';
import { initiativeBody, makeEngagement, makeNeed } from './factories.ts';

/** Builders for confirmed work on top of the test kit (factories.ts): confirmation with participants, corrections. */

/** Whether poppler's pdftotext is installed: the certificate tests read the PDF's text with it. */
export const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export async function expectStatus(res: { statusCode: number; body: string }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
}

export async function createOrganization(owner: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await owner.inject({
    method: 'POST',
    url: '/api/organizations',
    payload: { ...initiativeBody, name: `Org ${randomUUID().slice(0, 6)}`, ...body },
  });
  await expectStatus(res, 201);
  return res.json().organization.id;
}

export interface WorkSpec {
  coordinator: TestUser;
  organizationId: string;
  worker: TestUser;
  minutes: number;
  domains?: string[];
  kind?: 'hands' | 'knowledge';
  compensation?: Record<string, unknown>;
  postcode?: string;
  /** The day the hours are logged; the day of acceptance unless said. */
  date?: string;
  /** Apply with this (business) offer instead of as a person. */
  offerId?: string;
  participants?: { userId: string; minutes: number }[];
}

/** A need, an application, acceptance, hours, confirmation: returns the engagement id. */
export async function confirmWork(s: WorkSpec): Promise<string> {
  const need = await makeNeed(
    { id: s.organizationId, owner: s.coordinator },
    {
      kind: s.kind ?? 'hands',
      title: 'Help in de buurt',
      description: 'Samen aan de slag.',
      domains: s.domains ?? ['greening'],
      postcode: s.postcode ?? '3511AB',
      compensation: s.compensation ?? { type: 'unpaid' },
    },
  );
  const engagement = await makeEngagement('hours_logged', {
    needId: need.id,
    worker: s.worker,
    manager: s.coordinator,
    ...(s.offerId ? { application: { offerId: s.offerId } } : {}),
    hours: { minutes: s.minutes, ...(s.date ? { date: s.date } : {}) },
  });
  const confirmed = await s.coordinator.inject({
    method: 'POST',
    url: `/api/engagements/${engagement.id}/confirm`,
    payload: s.participants ? { participants: s.participants } : {},
  });
  await expectStatus(confirmed, 200);
  return engagement.id;
}

/** An admin reverses the engagement's WORK transfer. */
export async function correctWork(admin: TestUser, engagementId: string): Promise<void> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/ledger/corrections',
    payload: { id: randomUUID(), transferId: `eng.${engagementId}.work`, reason: 'Dubbel geboekt' },
  });
  await expectStatus(res, 201);
}

export async function adminOf(t: TestApp): Promise<TestUser> {
  const admin = await t.register({ displayName: 'Beheerder' });
  await t.makeAdmin(admin);
  return admin;
}
