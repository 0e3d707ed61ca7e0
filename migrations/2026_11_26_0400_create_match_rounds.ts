import type { Kysely } from 'kysely';

/**
 * Matching: stored match rounds with their proposals, and the indexes that let candidate retrieval
 * (server/modules/matching/repository.ts) read only what can fit, never every offer:
 * - `offers_match_near`: kind and status, then the latitude strip and longitude (as listings'
 *   location index: a box reads as a few strip × longitude ranges, about its own area); the rest
 *   (latitude, radius, end, owners) is checked inside the index, so the light candidate scan never
 *   touches the table. Used for travel radii up to 25 km.
 * - `offers_match_far`: kind and status, then the travel radius first: offers that travel more than
 *   25 km are few, and a radius-first range avoids scanning the whole country's latitude band.
 * - `offers_match_remote`: remote offers of a kind, anywhere.
 * - `needs_match_remote`: remote needs (suggestions for people and offers that work remotely).
 * - `engagements_worker_organization`: whether a business has had an engagement (fairness).
 */

const offerTail = ['ends_at', 'remote', 'owner_user_id', 'organization_id', 'created_at', 'id'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('match_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** The public organisation the creator ran it for; null when an admin ran it. */
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('near', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('radius_km', 'double precision', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('need_count', 'integer', (c) => c.notNull())
    .addColumn('offer_count', 'integer', (c) => c.notNull())
    .addColumn('total_score', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('match_rounds_creator')
    .on('match_rounds')
    .columns(['created_by', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('match_rounds_created').on('match_rounds').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('match_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('match_rounds.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('need_id', 'text', (c) => c.notNull().references('needs.id').onDelete('cascade'))
    .addColumn('offer_id', 'text', (c) => c.notNull().references('offers.id').onDelete('cascade'))
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    /** Set once the proposal became an invitation: inviting again returns it (idempotent). */
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id').onDelete('set null'))
    .addColumn('invited_at', 'text')
    .execute();
  await db.schema
    .createIndex('match_proposals_round')
    .on('match_proposals')
    .columns(['round_id', 'position'])
    .execute();

  await db.schema
    .createIndex('offers_match_near')
    .on('offers')
    .columns(['kind', 'status', 'lat_strip', 'lng', 'lat', 'radius_km', ...offerTail])
    .execute();
  await db.schema
    .createIndex('offers_match_far')
    .on('offers')
    .columns(['kind', 'status', 'radius_km', 'lat', 'lng', ...offerTail])
    .execute();
  await db.schema
    .createIndex('offers_match_remote')
    .on('offers')
    .columns(['kind', 'status', 'remote', 'lat', 'lng', 'radius_km', ...offerTail])
    .execute();
  await db.schema
    .createIndex('needs_match_remote')
    .on('needs')
    .columns(['remote', 'status', 'kind', 'ends_at', 'lat', 'lng', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('engagements_worker_organization')
    .on('engagements')
    .columns(['worker_organization_id', 'accepted_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'engagements_worker_organization',
    'needs_match_remote',
    'offers_match_remote',
    'offers_match_far',
    'offers_match_near',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.dropTable('match_proposals').execute();
  await db.schema.dropTable('match_rounds').execute();
}
