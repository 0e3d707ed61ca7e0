import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page } from '../../../shared/schemas/common.ts';
import {
  adminOrganization,
  adminOrganizationResponse,
  adminOrganizationsQuery,
  verifyOrganizationBody,
  withdrawVerificationBody,
} from '../../../shared/schemas/trust.ts';
import type { AppContext } from '../../context.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as verification from './verification.ts';

const params = z.object({ id: z.string().max(64) });

/** The admins' verification queue and acts (issue 9 item 1; route names fixed in shared/API.md, Additions). */
export async function verificationRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['admin'];

  app.get('/admin/organizations', { schema: { tags, querystring: adminOrganizationsQuery, response: { 200: page(adminOrganization) } } }, async (request) =>
    verification.verificationQueue(ctx, requireActor(request), request.query),
  );

  app.get('/admin/organizations/:id', { schema: { tags, params, response: { 200: adminOrganizationResponse } } }, async (request) => ({
    organization: await verification.getForAdmin(ctx, requireActor(request), request.params.id),
  }));

  app.post(
    '/admin/organizations/:id/verification',
    { schema: { tags, params, body: verifyOrganizationBody, response: { 200: adminOrganizationResponse } } },
    async (request) => ({ organization: await verification.verifyOrganization(ctx, requireActor(request), request.params.id, request.body) }),
  );

  // Withdrawal carries a reason in its body; POST …/withdraw because DELETE bodies are dropped by some proxies.
  app.post(
    '/admin/organizations/:id/verification/withdraw',
    { schema: { tags, params, body: withdrawVerificationBody, response: { 200: adminOrganizationResponse } } },
    async (request) => ({ organization: await verification.withdrawVerification(ctx, requireActor(request), request.params.id, request.body.reason) }),
  );
}
