import type { TestApp, TestUser } from './app.ts';

/**
 * Verifies an organisation the way a deployment does: a platform admin through
 * `POST /api/admin/organizations/:id/verification` (the real route and service). One admin per app.
 */
const admins = new WeakMap<TestApp, Promise<TestUser>>();

export function platformAdmin(t: TestApp): Promise<TestUser> {
  let admin = admins.get(t);
  if (!admin) {
    admin = t.register({ displayName: 'Platform admin' }).then(async (user) => {
      await t.makeAdmin(user);
      return user;
    });
    admins.set(t, admin);
  }
  return admin;
}

export async function verifyOrganization(
  t: TestApp,
  organizationId: string,
  options: { area?: 'municipality' | 'province' } = {},
): Promise<void> {
  const admin = await platformAdmin(t);
  const org = await admin.inject({ method: 'GET', url: `/api/organizations/${organizationId}` });
  const type = org.json<{ organization: { type: string } }>().organization.type;
  const payload =
    type === 'public'
      ? {
          method: 'note',
          note: 'Confirmed with the municipality by telephone',
          ...(options.area ? { area: options.area } : {}),
        }
      : { method: 'kvk', reference: '12345678', note: 'KvK extract checked' };
  const res = await admin.inject({
    method: 'POST',
    url: `/api/admin/organizations/${organizationId}/verification`,
    payload,
  });
  if (res.statusCode !== 200) throw new Error(`verify organisation: ${res.statusCode} ${res.body}`);
}
