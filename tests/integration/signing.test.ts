import { exportJWK, generateKeyPair } from 'jose';
import { expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { ManualClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { signCompact, verifyCompact } from '../../server/modules/signing/service.ts';
import { createTestDatabase, describeEachDialect } from '../helpers/app.ts';

describeEachDialect('the platform signing key', (t) => {
  it('is made at start, published as a JWKS without the private part, and signs what verifies', async () => {
    const rows = await t().ctx.db.selectFrom('signing_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    const jwks = (await t().inject({ method: 'GET', url: '/.well-known/waardewerk-keys.json' })).json();
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kid: rows[0]!.kid, kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' }),
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { jws } = await signCompact(t().ctx, new TextEncoder().encode('hallo'), 'test');
    expect(new TextDecoder().decode((await verifyCompact(t().ctx, jws))!)).toBe('hallo');
    const [h, , s] = jws.split('.');
    expect(await verifyCompact(t().ctx, `${h}.${Buffer.from('hallo!').toString('base64url')}.${s}`)).toBeNull();
  });

  it('an instance starting on a database that already has a key uses that key (all instances sign alike)', async () => {
    const database = await createTestDatabase(t().dialect);
    try {
      const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
      const pub = await exportJWK(publicKey);
      await database.db
        .insertInto('signing_keys')
        .values({
          kid: 'made-by-another-instance',
          alg: 'EdDSA',
          public_jwk: JSON.stringify({ ...pub, kid: 'made-by-another-instance', alg: 'EdDSA', use: 'sig' }),
          private_jwk: JSON.stringify(await exportJWK(privateKey)),
          slot: 'active',
          created_at: '2026-01-01T00:00:00.000Z',
        })
        .execute();
      const app = await buildApp({ config: testConfig(), database, clock: new ManualClock() });
      await app.ready();
      const jwks = (await app.inject({ method: 'GET', url: '/.well-known/waardewerk-keys.json' })).json();
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(['made-by-another-instance']);
      const { kid } = await signCompact(app.ctx, new Uint8Array([1]), 'test');
      expect(kid).toBe('made-by-another-instance');
      await app.close();
    } finally {
      await database.close();
    }
  });
});
