/** The face of `signing`: the platform's one key (made at start by app.ts), signing and verifying documents and credentials. */
export { signCompact, signingKey, signJwt, verifyCompact, verifyJwt } from './service.ts';
