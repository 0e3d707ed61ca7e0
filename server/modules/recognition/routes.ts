import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  badgeIdParam,
  certificateCode,
  certificateQuery,
  certificateVerification,
  credentialVerification,
  credentialVerifyBody,
  publicLedgerEntry,
  recognition,
  referenceBody,
  referenceResponse,
  referenceVisibilityBody,
} from '../../../shared/schemas/recognition.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { typed } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as service from './service.ts';

const idParam = z.object({ id: z.string().min(1).max(64) });
const engagementIdParam = z.object({ engagementId: z.string().min(1).max(64) });
const transferIdParam = z.object({ id: z.string().min(1).max(64) });
const openBadgeResponse = z.object({
  format: z.literal('vc+jwt'),
  jwt: z.string(),
  credential: z.record(z.string(), z.unknown()),
});
/** PDFs cost CPU (fonts, shaping): a few per minute per address is plenty for a person. */
const pdfLimit = {
  max: 10,
  timeWindow: '1 minute',
  errorResponseBuilder: () =>
    new AppError(429, 'too_many_requests', 'Too many certificates at once; try again in a minute'),
};

export async function recognitionRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = typed(fastify);
  const tags = ['recognition'];

  app.get(
    '/users/:id/recognition',
    { schema: { tags, params: idParam, response: { 200: recognition } } },
    async (request) => service.recognitionOf(ctx, request.params.id, { own: false }),
  );

  app.get('/me/recognition', { schema: { tags, response: { 200: recognition } } }, async (request) =>
    service.recognitionOf(ctx, requireActor(request).userId, { own: true }),
  );

  app.post(
    '/engagements/:id/reference',
    {
      schema: {
        tags,
        params: idParam,
        body: referenceBody,
        response: { 200: referenceResponse, 201: referenceResponse },
      },
    },
    async (request, reply) => {
      const { reference, created } = await service.writeReference(
        ctx,
        requireActor(request),
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send({ reference });
    },
  );

  app.patch(
    '/me/references/:engagementId',
    {
      schema: { tags, params: engagementIdParam, body: referenceVisibilityBody, response: { 200: referenceResponse } },
    },
    async (request) => ({
      reference: await service.setReferenceVisibility(
        ctx,
        requireActor(request),
        request.params.engagementId,
        request.body.public,
      ),
    }),
  );

  app.get(
    '/me/certificate.pdf',
    { config: { rateLimit: pdfLimit }, schema: { tags, querystring: certificateQuery } },
    async (request, reply) => {
      const { code, pdf } = await service.issueCertificate(ctx, requireActor(request), request.query);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="waardewerk-${code}.pdf"`)
        .header('cache-control', 'no-store')
        .header('x-certificate-code', code)
        .send(pdf);
    },
  );

  app.get(
    '/certificates/:code',
    { schema: { tags, params: certificateCode, response: { 200: certificateVerification } } },
    async (request) => service.verifyCertificate(ctx, request.params.code),
  );

  app.get(
    '/me/badges/:badgeId/openbadge',
    { schema: { tags, params: badgeIdParam, response: { 200: openBadgeResponse } } },
    async (request) => service.openBadge(ctx, requireActor(request), request.params.badgeId),
  );

  app.post(
    '/credentials/verify',
    { schema: { tags, body: credentialVerifyBody, response: { 200: credentialVerification } } },
    async (request) => service.verifyCredential(ctx, request.body.credential),
  );

  app.get(
    '/ledger/entries/:id/public',
    { schema: { tags, params: transferIdParam, response: { 200: publicLedgerEntry } } },
    async (request) => service.publicEntry(ctx, request.params.id),
  );
}
