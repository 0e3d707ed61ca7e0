import type { AppContext } from '../context.ts';
import type { Db } from '../db/create-db.ts';
import { seedEngagements } from './engagements.ts';
import { seedListings } from './listings.ts';
import { seedPeopleAndOrganizations } from './people.ts';

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * A realistic, fictional marketplace so a newcomer sees it alive: people, initiatives and
 * businesses across the country. Each module adds its part here, in dependency order.
 */
export async function seedDemoData(ctx: AppContext): Promise<Record<string, number>> {
  const base = await seedPeopleAndOrganizations(ctx);
  const listings = await seedListings(ctx, base);
  const history = await seedEngagements(ctx, base);
  return {
    people: Object.keys(base.users).length,
    organizations: Object.keys(base.organizations).length,
    needs: listings.needs,
    offers: listings.offers,
    engagements: history.engagements,
    completedEngagements: history.completed,
  };
}
