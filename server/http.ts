import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** A module's routes plugin: registered under /api with the app context. */
export type Routes = (app: FastifyInstance) => Promise<void>;

/** Fastify with zod schemas as the type provider: request types inferred from the shared schemas. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
