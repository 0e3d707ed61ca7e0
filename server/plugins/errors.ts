import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../shared/schemas/common.ts';
import { AppError } from '../errors.ts';

/** Zod issue paths as the API's `fields` keys: `compensation.hourlyRateCents`, `skills.2`. */
function fieldsFromValidation(error: FastifyError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const v of error.validation ?? []) {
    const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = (v.params as { keys?: unknown }).keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const k of keys) fields[base ? `${base}.${String(k)}` : String(k)] = 'Unknown field';
      continue;
    }
    fields[base || (error.validationContext ?? 'body')] ??= v.message ?? 'Invalid value';
  }
  return fields;
}

const body = (
  code: ErrorBody['error']['code'],
  message: string,
  extra: Partial<ErrorBody['error']> = {},
): ErrorBody => ({
  error: { code, message, ...extra },
});

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a path
 * parameter longer than `maxParamLength` names nothing that exists (ids are at most 64
 * characters), and a path with broken percent-encoding is not a valid address. Both answer in our
 * shape; `withHeaders` adds the security headers the skipped hooks would have set.
 */
export function frameworkErrors(withHeaders: (req: FastifyRequest['raw'], res: FastifyReply['raw']) => void) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    withHeaders(request.raw, reply.raw);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      void reply.status(404).send(body('not_found', 'Not found'));
      return;
    }
    void reply
      .status(400)
      .send(body('invalid_input', 'The address is not valid', { fields: { url: 'Not a valid address' } }));
  };
}

/** The one mapping from errors to the API's error shape. Never leaks internals on a 500. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        if (error.status === 403) request.log.info({ code: error.code, url: request.routeOptions.url }, 'refused');
        if (typeof error.details?.retryAfterSeconds === 'number')
          void reply.header('retry-after', String(error.details.retryAfterSeconds));
        return reply.status(error.status).send(
          body(error.code, error.message, {
            ...(error.fields ? { fields: error.fields } : {}),
            ...(error.details ? { details: error.details } : {}),
          }),
        );
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        return reply
          .status(400)
          .send(body('invalid_input', 'Some fields are not valid', { fields: fieldsFromValidation(error) }));
      }
      switch (error.code) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return reply.status(400).send(body('invalid_json', 'The request body is not valid JSON'));
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return reply.status(415).send(body('unsupported_media_type', 'Send JSON (Content-Type: application/json)'));
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return reply.status(413).send(body('payload_too_large', 'The request body is too large'));
      }
      if (error.statusCode === 429) {
        return reply
          .status(429)
          .send(body('too_many_requests', error.message || 'Too many requests. Wait a moment and try again.'));
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return reply.status(error.statusCode).send(body('invalid_input', 'The request is not valid'));
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send(body('internal', 'Something went wrong on our side. Please try again.'));
    });
  },
  { name: 'errors' },
);
