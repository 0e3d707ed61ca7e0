/**
 * The face of `throttle`: sign-in and re-authentication attempts counted in the database (accounts
 * claims one before checking a password), and the rate-limit store app.ts gives @fastify/rate-limit.
 */
export { claimReauthentication, claimSignIn } from './service.ts';
export { databaseRateLimitStore } from './rate-limit-store.ts';
