import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { page } from '../../../shared/schemas/common.ts';
import {
  addMemberBody,
  changeMemberRoleBody,
  invitationsResponse,
  invitedResponse,
  createOrganizationBody,
  memberResponse,
  membersResponse,
  organization,
  organizationListQuery,
  organizationResponse,
  recordUwvBody,
  recordVogBody,
  screeningRecordResponse,
  screeningRecordsQuery,
  screeningRecordsResponse,
  vogRecordResponse,
  updateOrganizationBody,
} from '../../../shared/schemas/organizations.ts';
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
import * as service from './service.ts';

const params = z.object({ id: z.string().max(64) });
const memberParams = z.object({ id: z.string().max(64), userId: z.string().max(64) });

export async function organizationsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['organizations'];

  app.get(
    '/organizations',
    { schema: { tags, querystring: organizationListQuery, response: { 200: page(organization) } } },
    async (request) => service.listOrganizations(ctx, request.query),
  );

  app.post(
    '/organizations',
    { schema: { tags, body: createOrganizationBody, response: { 201: organizationResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ organization: await service.createOrganization(ctx, requireActor(request), request.body) }),
  );

  app.get(
    '/organizations/:id',
    { schema: { tags, params, response: { 200: organizationResponse } } },
    async (request) => ({
      organization: await service.getOrganization(ctx, request.params.id),
    }),
  );

  app.patch(
    '/organizations/:id',
    { schema: { tags, params, body: updateOrganizationBody, response: { 200: organizationResponse } } },
    async (request) => ({
      organization: await service.updateOrganization(ctx, requireActor(request), request.params.id, request.body),
    }),
  );

  app.get(
    '/organizations/:id/members',
    { schema: { tags, params, response: { 200: membersResponse } } },
    async (request) => ({
      items: await service.listMembers(ctx, requireActor(request), request.params.id),
    }),
  );

  app.post(
    '/organizations/:id/vog-records',
    { schema: { tags, params, body: recordVogBody, response: { 201: vogRecordResponse } } },
    async (request, reply) =>
      reply.status(201).send(await service.recordVog(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.post(
    '/organizations/:id/uwv-records',
    { schema: { tags, params, body: recordUwvBody, response: { 201: screeningRecordResponse } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ record: await service.recordUwv(ctx, requireActor(request), request.params.id, request.body) }),
  );

  app.get(
    '/organizations/:id/screening-records',
    { schema: { tags, params, querystring: screeningRecordsQuery, response: { 200: screeningRecordsResponse } } },
    async (request) => ({
      items: await service.listScreeningRecords(ctx, requireActor(request), request.params.id, request.query),
    }),
  );

  app.post(
    '/organizations/:id/members',
    { schema: { tags, params, body: addMemberBody, response: { 202: invitedResponse } } },
    async (request, reply) =>
      reply.status(202).send(await service.inviteMember(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.patch(
    '/organizations/:id/members/:userId',
    { schema: { tags, params: memberParams, body: changeMemberRoleBody, response: { 200: memberResponse } } },
    async (request) => ({
      member: await service.changeMemberRole(
        ctx,
        requireActor(request),
        request.params.id,
        request.params.userId,
        request.body,
      ),
    }),
  );

  app.delete('/organizations/:id/members/me', { schema: { tags, params } }, async (request, reply) => {
    await service.leaveOrganization(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/me/invitations', { schema: { tags, response: { 200: invitationsResponse } } }, async (request) => ({
    items: await service.listMyInvitations(ctx, requireActor(request)),
  }));

  app.post(
    '/invitations/:id/accept',
    { schema: { tags, params, response: { 200: memberResponse } } },
    async (request) => ({
      member: await service.acceptInvitation(ctx, requireActor(request), request.params.id),
    }),
  );

  app.post('/invitations/:id/decline', { schema: { tags, params } }, async (request, reply) => {
    await service.declineInvitation(ctx, requireActor(request), request.params.id);
    return reply.status(204).send();
  });
}

/** The admins' verification queue and acts (issue 9 item 1; routes in docs/API.md). */
export async function verificationRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['admin'];

  app.get(
    '/admin/organizations',
    { schema: { tags, querystring: adminOrganizationsQuery, response: { 200: page(adminOrganization) } } },
    async (request) => service.verificationQueue(ctx, requireActor(request), request.query),
  );

  app.get(
    '/admin/organizations/:id',
    { schema: { tags, params, response: { 200: adminOrganizationResponse } } },
    async (request) => ({
      organization: await service.getForAdmin(ctx, requireActor(request), request.params.id),
    }),
  );

  app.post(
    '/admin/organizations/:id/verification',
    { schema: { tags, params, body: verifyOrganizationBody, response: { 200: adminOrganizationResponse } } },
    async (request) => ({
      organization: await service.verifyOrganization(ctx, requireActor(request), request.params.id, request.body),
    }),
  );

  // Withdrawal carries a reason in its body; POST …/withdraw because DELETE bodies are dropped by some proxies.
  app.post(
    '/admin/organizations/:id/verification/withdraw',
    { schema: { tags, params, body: withdrawVerificationBody, response: { 200: adminOrganizationResponse } } },
    async (request) => ({
      organization: await service.withdrawVerification(
        ctx,
        requireActor(request),
        request.params.id,
        request.body.reason,
      ),
    }),
  );
}
