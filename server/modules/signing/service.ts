/**
 * The platform's one signing key (ARCHITECTURE "Seams"): Ed25519, made at first start and stored
 * in the database so every instance signs with the same key; public keys are published as a JWKS.
 * Certificates, Open Badges credentials and later social-return statements are signed here.
 */
import { createHash } from 'node:crypto';
import {
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

export const SIGNING_ALG = 'EdDSA';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Keys per database: read once, then reused (a key never changes once made). */
const cache = new WeakMap<Db, Promise<SigningKey>>();

async function readActive(db: Db): Promise<SigningKey | null> {
  const row = await repo.findActiveKey(db);
  if (!row) return null;
  const privateKey = (await importJWK(JSON.parse(row.private_jwk) as JWK, SIGNING_ALG)) as CryptoKey;
  return { kid: row.kid, privateKey, publicJwk: JSON.parse(row.public_jwk) as JWK };
}

/** The kid is the JWK thumbprint-like SHA-256 of the public key, so it names the key itself. */
const kidOf = (jwk: JWK): string =>
  createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url')
    .slice(0, 22);

async function makeOrRead(ctx: AppContext): Promise<SigningKey> {
  const found = await readActive(ctx.db);
  if (found) return found;
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = kidOf(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  // Another instance made one at the same moment: its key wins, ours is dropped.
  await repo.insertActiveKeyUnlessPresent(ctx.db, {
    kid,
    alg: SIGNING_ALG,
    public_jwk: JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' }),
    private_jwk: JSON.stringify(privateJwk),
    slot: 'active',
    created_at: ctx.clock.now().toISOString(),
  });
  const stored = await readActive(ctx.db);
  if (!stored) throw new Error('the signing key could not be stored');
  ctx.log.info({ kid: stored.kid }, 'signing key ready');
  return stored;
}

/** The active key, made on first use (main.ts asks for it at start). */
export function signingKey(ctx: AppContext): Promise<SigningKey> {
  let key = cache.get(ctx.db);
  if (!key) {
    key = makeOrRead(ctx);
    cache.set(ctx.db, key);
    key.catch(() => cache.delete(ctx.db));
  }
  return key;
}

/** Every public key ever used (old documents stay verifiable after a rotation). */
export async function publicJwks(ctx: AppContext): Promise<{ keys: JWK[] }> {
  await signingKey(ctx);
  const rows = await repo.publicKeys(ctx.db);
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
}

/** Signs bytes as a compact JWS (EdDSA, kid in the header). */
export async function signCompact(
  ctx: AppContext,
  payload: Uint8Array,
  typ: string,
): Promise<{ jws: string; kid: string }> {
  const key = await signingKey(ctx);
  const jws = await new CompactSign(payload)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ })
    .sign(key.privateKey);
  return { jws, kid: key.kid };
}

/** The payload of a compact JWS if one of the platform's keys signed it, else null. */
export async function verifyCompact(ctx: AppContext, jws: string): Promise<Uint8Array | null> {
  try {
    const { payload } = await compactVerify(jws, createLocalJWKSet(await publicJwks(ctx)), {
      algorithms: [SIGNING_ALG],
    });
    return payload;
  } catch {
    return null;
  }
}

/** Signs JWT claims (VC-JWT): header `typ` as given. */
export async function signJwt(ctx: AppContext, claims: JWTPayload, typ: string): Promise<string> {
  const key = await signingKey(ctx);
  return new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ }).sign(key.privateKey);
}

/** The claims of a JWT the platform signed, or the reason it is not one. */
export async function verifyJwt(
  ctx: AppContext,
  jwt: string,
  issuer: string,
): Promise<{ ok: true; payload: JWTPayload } | { ok: false; reason: string }> {
  try {
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(await publicJwks(ctx)), {
      algorithms: [SIGNING_ALG],
      issuer,
      currentDate: ctx.clock.now(),
    });
    return { ok: true, payload };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, reason: typeof code === 'string' ? code : 'invalid' };
  }
}
