import { describe, expect, it } from 'vitest';
import {
  engagementActions,
  engagementKinds,
  engagementSides,
  engagementStatuses,
  terminalStatuses,
} from '../../shared/engagement-vocabulary.ts';
import { allowedActions, decide, type EngagementState } from '../../server/modules/engagements/state-machine.ts';

/**
 * Every allowed transition, written out by hand (independently of the module's table):
 * `status kind proposedBy action side -> next`. Every other combination must be refused.
 */
const allowed = `
proposed work worker accept organization -> accepted
proposed work worker decline organization -> declined
proposed work worker cancel worker -> cancelled
proposed work worker not_select system -> not_selected
proposed work organization accept worker -> accepted
proposed work organization decline worker -> declined
proposed work organization cancel organization -> cancelled
proposed work organization not_select system -> not_selected
proposed materials worker accept organization -> accepted
proposed materials worker decline organization -> declined
proposed materials worker cancel worker -> cancelled
proposed materials worker not_select system -> not_selected
proposed materials organization accept worker -> accepted
proposed materials organization decline worker -> declined
proposed materials organization cancel organization -> cancelled
proposed materials organization not_select system -> not_selected
accepted work * log_hours worker -> hours_logged
accepted work * cancel worker -> cancelled
accepted work * cancel organization -> cancelled
accepted materials * deliver worker -> delivered
accepted materials * cancel worker -> cancelled
accepted materials * cancel organization -> cancelled
hours_logged work * log_hours worker -> hours_logged
hours_logged work * confirm organization -> completed
hours_logged work * dispute organization -> disputed
hours_logged work * cancel worker -> cancelled
hours_logged work * cancel organization -> cancelled
delivered materials * confirm organization -> completed
delivered materials * dispute organization -> disputed
delivered materials * cancel worker -> cancelled
delivered materials * cancel organization -> cancelled
disputed work * log_hours worker -> hours_logged
disputed work * confirm organization -> completed
disputed work * cancel worker -> cancelled
disputed work * cancel organization -> cancelled
disputed materials * deliver worker -> delivered
disputed materials * confirm organization -> completed
disputed materials * cancel worker -> cancelled
disputed materials * cancel organization -> cancelled
`;

const expected = new Map<string, string>();
for (const line of allowed.trim().split('\n')) {
  const [status, kind, proposedBy, action, side, , next] = line.trim().split(/\s+/);
  for (const by of proposedBy === '*' ? ['worker', 'organization'] : [proposedBy]) {
    expected.set(`${status} ${kind} ${by} ${action} ${side}`, next!);
  }
}

const matrix = engagementStatuses.flatMap((status) =>
  engagementKinds.flatMap((kind) =>
    (['worker', 'organization'] as const).flatMap((proposedBy) =>
      engagementActions.flatMap((action) =>
        engagementSides.map((side) => ({
          state: { status, kind, proposedBy } satisfies EngagementState,
          action,
          side,
        })),
      ),
    ),
  ),
);

const key = (c: (typeof matrix)[number]) =>
  `${c.state.status} ${c.state.kind} ${c.state.proposedBy} ${c.action} ${c.side}`;

describe('engagement state machine', () => {
  it('covers the whole matrix of states × kinds × proposers × actions × sides', () => {
    expect(matrix).toHaveLength(9 * 2 * 2 * 8 * 3);
    // Every hand-written allowed transition names a real combination.
    const keys = new Set(matrix.map(key));
    for (const k of expected.keys()) expect(keys.has(k), k).toBe(true);
    expect(expected.size).toBe(16 + 23 * 2);
  });

  const allowedCases = matrix.filter((c) => expected.has(key(c)));
  const refusedCases = matrix.filter((c) => !expected.has(key(c)));

  it.each(allowedCases.map((c) => [key(c), c] as const))('allows %s', (_, c) => {
    expect(decide(c.state, c.action, c.side)).toEqual({ ok: true, next: expected.get(key(c)) });
  });

  it.each(refusedCases.map((c) => [key(c), c] as const))('refuses %s', (_, c) => {
    const d = decide(c.state, c.action, c.side);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
  });

  it('gives the most useful reason for a refusal', () => {
    const hoursLogged = { status: 'hours_logged', kind: 'work', proposedBy: 'worker' } as const;
    expect(decide(hoursLogged, 'confirm', 'worker')).toMatchObject({ ok: false, reason: 'wrong_side' });
    expect(decide(hoursLogged, 'accept', 'organization')).toMatchObject({ ok: false, reason: 'wrong_state' });
    expect(
      decide({ status: 'accepted', kind: 'materials', proposedBy: 'worker' }, 'log_hours', 'worker'),
    ).toMatchObject({ ok: false, reason: 'wrong_kind' });
    expect(decide({ status: 'accepted', kind: 'work', proposedBy: 'worker' }, 'deliver', 'worker')).toMatchObject({
      ok: false,
      reason: 'wrong_kind',
    });
    for (const status of terminalStatuses) {
      expect(decide({ status, kind: 'work', proposedBy: 'worker' }, 'cancel', 'worker')).toMatchObject({
        ok: false,
        reason: 'final',
      });
    }
    // The side that proposed withdraws; it cannot accept its own proposal.
    expect(
      decide({ status: 'proposed', kind: 'work', proposedBy: 'organization' }, 'accept', 'organization'),
    ).toMatchObject({ ok: false, reason: 'wrong_side' });
    expect(decide({ status: 'proposed', kind: 'work', proposedBy: 'worker' }, 'cancel', 'organization')).toMatchObject({
      ok: false,
      reason: 'wrong_side',
    });
  });

  it('lists exactly the allowed actions per side', () => {
    for (const c of matrix.filter((m) => m.action === 'accept')) {
      const want = engagementActions.filter((a) =>
        expected.has(`${c.state.status} ${c.state.kind} ${c.state.proposedBy} ${a} ${c.side}`),
      );
      expect(allowedActions(c.state, c.side)).toEqual(want);
    }
  });
});
