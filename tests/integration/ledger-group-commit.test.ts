/**
 * Group commit (server/modules/ledger/group-commit.ts): on SQLite, ledger writers waiting for the
 * database share one transaction, each in a savepoint of its own. Each writer stays all or nothing,
 * nobody is acknowledged before the commit, and on PostgreSQL (which does not batch) the same
 * writers end the same way.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect, it, vi } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { createDb } from '../../server/db/create-db.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { createTransfers, personOwner, withLedgerTransaction } from '../../server/modules/ledger/posting.ts';
import { verifyLedger } from '../../server/modules/ledger/verify/verify.ts';
import { buildTestApp, describeEachDialect } from '../helpers/app.ts';

const WRITERS = 30;
const FAILED = new Error('the writer fails after its transfer');

/**
 * 30 writers at once, each sending 1 minute of WORK; every fifth throws after its transfer was written.
 * `onAck(id)` runs when a writer's promise settles successfully, before anything else of the test.
 */
async function writeConcurrently(ctx: AppContext, onAck: (id: string) => void = () => undefined) {
  const [a, b] = [personOwner(randomUUID()), personOwner(randomUUID())];
  const ids = Array.from({ length: WRITERS }, () => randomUUID());
  const settled = await Promise.allSettled(
    ids.map((id, i) =>
      withLedgerTransaction(ctx, async (trx) => {
        const result = await createTransfers(
          ctx,
          trx,
          [{ id, type: 'posted', from: a, to: b, unit: 'WORK', amount: 1, kind: 'work' }],
          null,
        );
        if (i % 5 === 4) throw FAILED;
        return result;
      }).then((result) => {
        onAck(id);
        return result;
      }),
    ),
  );
  const stored = new Set(
    (await ctx.db.selectFrom('ledger_transfers').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
  );
  return { ids, settled, stored, a };
}

describeEachDialect('ledger: group commit of concurrent writers', (t) => {
  it('keeps every writer all or nothing: a failing writer leaves nothing, its neighbours are written', async () => {
    const { ctx } = t();
    const { ids, settled, stored, a } = await writeConcurrently(ctx);
    ids.forEach((id, i) => {
      const failed = i % 5 === 4;
      expect(settled[i]?.status).toBe(failed ? 'rejected' : 'fulfilled');
      if (failed) expect((settled[i] as PromiseRejectedResult).reason).toBe(FAILED);
      expect(stored.has(id)).toBe(!failed);
    });
    const [account] = await ctx.db
      .selectFrom('ledger_accounts')
      .select('debits_posted')
      .where('owner_id', '=', a.id)
      .execute();
    expect(account?.debits_posted).toBe(WRITERS - WRITERS / 5);
    expect((await verifyLedger(ctx.db, ctx.dialect, new Date(), ctx.sqlite)).ok).toBe(true);
  });

  it('on SQLite runs waiting writers in a few transactions and acknowledges each only once its commit is on disk; PostgreSQL gives each its own', async () => {
    if (t().dialect === 'postgres') {
      const { ctx } = t();
      const transactions = vi.spyOn(ctx.db, 'transaction');
      const { stored } = await writeConcurrently(ctx);
      expect(stored.size).toBe(WRITERS - WRITERS / 5);
      expect(transactions.mock.calls.length).toBeGreaterThanOrEqual(WRITERS);
      transactions.mockRestore();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'waardewerk-group-commit-'));
    const file = join(dir, 'ledger.db');
    const database = await createDb(`sqlite:${file}`);
    await migrateToLatest(database.db);
    const app = await buildTestApp('sqlite', {}, database);
    // Another connection, as another process would read the file: it sees committed data only.
    const reader = new SqliteDatabase(file, { readonly: true });
    try {
      const transactions = vi.spyOn(app.ctx.db, 'transaction');
      const visible = reader.prepare('select count(*) as n from ledger_transfers where id = ?');
      const unseen: string[] = [];
      const { stored } = await writeConcurrently(app.ctx, (id) => {
        if ((visible.get(id) as { n: number }).n !== 1) unseen.push(id);
      });
      expect(unseen).toEqual([]);
      expect(stored.size).toBe(WRITERS - WRITERS / 5);
      // The first writer starts alone; the others wait and share the next transaction(s).
      expect(transactions.mock.calls.length).toBeLessThanOrEqual(3);
      console.log(`[group commit] ${WRITERS} writers in ${transactions.mock.calls.length} transactions`);
      transactions.mockRestore();
      expect((await verifyLedger(app.ctx.db, 'sqlite', new Date(), app.ctx.sqlite)).ok).toBe(true);
    } finally {
      reader.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
