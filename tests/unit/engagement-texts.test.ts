import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMyTurn } from '../../shared/engagement-turn.ts';
import { engagementKinds, engagementStatuses, type EngagementStatus } from '../../shared/engagement-vocabulary.ts';
import { allowedActions } from '../../server/modules/engagements/state-machine.ts';
import { buildCatalogues, translate } from '../../web/src/lib/i18n/catalogue.ts';
import {
  actionKey,
  answerPanelKey,
  doneKey,
  endedKey,
  nextStepKey,
  statusKey,
  workerLabelKey,
  type EngagementFacts,
} from '../../web/src/lib/i18n/engagement-texts.ts';

const root = fileURLToPath(new URL('../../web/src/locales/', import.meta.url));
const files: Record<string, unknown> = {};
for (const lang of ['nl', 'en', 'ar']) {
  for (const file of readdirSync(`${root}${lang}`))
    files[`../locales/${lang}/${file}`] = JSON.parse(readFileSync(`${root}${lang}/${file}`, 'utf8'));
}
const catalogues = buildCatalogues(files);
const languages = ['nl', 'en', 'ar'] as const;
const inEveryLanguage = (key: string) => languages.filter((l) => !catalogues[l].has(key));
const nl = (key: string) => translate(catalogues, 'nl', key, { name: 'Fatima' });

/** The states that can exist: hours are logged on work only, deliveries are of materials only. */
const possible = (status: EngagementStatus, kind: string) =>
  !(status === 'hours_logged' && kind === 'materials') && !(status === 'delivered' && kind === 'work');
const sides = ['worker', 'organization'] as const;
const rows = engagementStatuses
  .flatMap((status) =>
    engagementKinds.flatMap((kind) =>
      (['worker', 'organization'] as const).flatMap((proposedBy) =>
        sides.map((side) => ({ status, kind, proposedBy, side })),
      ),
    ),
  )
  .filter((r) => possible(r.status, r.kind));

const endReasons = (e: EngagementFacts): string[] => {
  if (e.status === 'declined') return ['engagement.ended.declined'];
  if (e.status === 'not_selected') return ['engagement.ended.need_filled'];
  if (e.status === 'cancelled')
    return ['engagement.ended.cancelled_by_worker', 'engagement.ended.cancelled_by_organization'];
  return [];
};

describe('engagement texts: state × proposer × side × kind', () => {
  it.each(rows)('$status · proposed by $proposedBy · read by $side · $kind', ({ side, ...facts }) => {
    const actions = allowedActions(facts, side);
    const keys: string[] = [statusKey(facts), ...(side === 'organization' ? [workerLabelKey(facts)] : [])];

    const next = nextStepKey(facts, side, actions);
    if (['declined', 'cancelled', 'not_selected'].includes(facts.status)) expect(next).toBeNull();
    else {
      expect(next).not.toBeNull();
      const turn = next!.split('.')[1];
      // The line says "your turn" exactly when the reader has a step to take, and never otherwise.
      expect(turn).toBe(facts.status === 'completed' ? 'done' : isMyTurn(facts.status, actions) ? 'yours' : 'theirs');
      keys.push(next!);
    }

    for (const action of actions) {
      keys.push(actionKey(facts, action));
      if (action === 'accept' || action === 'decline' || action === 'cancel') {
        const panel = answerPanelKey(facts, action);
        keys.push(`${panel}.title`, `${panel}.explain`, `${panel}.submit`, doneKey(facts, action));
      }
    }
    for (const reason of endReasons(facts)) {
      for (const acceptedAt of [null, '2026-03-01T10:00:00.000Z'])
        keys.push(endedKey({ ...facts, acceptedAt }, reason, side));
    }

    for (const key of keys) expect(inEveryLanguage(key), key).toEqual([]);

    const texts = keys.map(nl);
    // Materials are given and delivered, never worked in hours.
    if (facts.kind === 'materials') for (const text of texts) expect(text).not.toMatch(/\buren\b/);
    // An invitation never reads as an application, and the other way round.
    if (facts.status === 'proposed') {
      if (facts.proposedBy === 'organization')
        for (const text of texts) expect(text).not.toMatch(/aangemeld|aanmelding/i);
      else for (const text of texts) expect(text).not.toMatch(/uitnodig/i);
    }
  });

  it('the invited volunteer reads an invitation with her own yes/no; the coordinator reads that she waits', () => {
    const invitation: EngagementFacts = { status: 'proposed', kind: 'work', proposedBy: 'organization' };
    const volunteer = allowedActions(invitation, 'worker');
    expect(volunteer).toEqual(['accept', 'decline']);
    expect(nl(nextStepKey(invitation, 'worker', volunteer)!)).toBe(
      'Fatima nodigt je uit om mee te doen. Wil je? Zeg ja of nee.',
    );
    expect(volunteer.map((a) => nl(actionKey(invitation, a)))).toEqual(['Ja, ik doe mee', 'Nee, deze keer niet']);

    const coordinator = allowedActions(invitation, 'organization');
    expect(coordinator).toEqual(['cancel']);
    expect(nl(nextStepKey(invitation, 'organization', coordinator)!)).toMatch(/^Je hebt Fatima uitgenodigd\./);
    expect(nl(actionKey(invitation, 'cancel'))).toBe('Uitnodiging intrekken');
    expect(nl(statusKey(invitation))).toBe('Uitgenodigd');
  });

  it('admins read along without a "what now" line', () => {
    expect(nextStepKey({ status: 'hours_logged', kind: 'work', proposedBy: 'worker' }, 'admin', [])).toBeNull();
  });
});
