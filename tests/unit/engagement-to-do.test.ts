import { describe, expect, it } from 'vitest';
import { isMyTurn } from '../../shared/engagement-turn.ts';
import { engagementKinds, engagementStatuses } from '../../shared/engagement-vocabulary.ts';
import { allowedActions } from '../../server/modules/engagements/state-machine.ts';
import { organizationBucket, toDoFrom, workerBucket } from '../../server/modules/engagements/to-do.ts';

const proposers = ['worker', 'organization'] as const;
const states = engagementStatuses.flatMap((status) =>
  engagementKinds.flatMap((kind) => proposers.map((proposedBy) => ({ status, kind, proposedBy }))),
);

describe('the "to do" buckets', () => {
  it.each(states)(
    "$status · $kind · proposed by $proposedBy: counted for a side exactly when it is that side's turn",
    (state) => {
      expect(workerBucket(state) !== null).toBe(isMyTurn(state.status, allowedActions(state, 'worker')));
      expect(organizationBucket(state) !== null).toBe(isMyTurn(state.status, allowedActions(state, 'organization')));
    },
  );

  it('adds the groups up per bucket, with a total', () => {
    const counts = toDoFrom(
      [
        { status: 'proposed', kind: 'work', proposedBy: 'organization', count: 2 },
        { status: 'proposed', kind: 'work', proposedBy: 'worker', count: 5 },
        { status: 'accepted', kind: 'materials', proposedBy: 'worker', count: 1 },
      ],
      [
        { status: 'hours_logged', kind: 'work', proposedBy: 'worker', count: 3 },
        { status: 'delivered', kind: 'materials', proposedBy: 'organization', count: 1 },
        { status: 'completed', kind: 'work', proposedBy: 'worker', count: 9 },
      ],
    );
    expect(counts).toEqual({
      worker: { invitations: 2, toReport: 1, total: 3 },
      organization: { applicants: 0, hoursToConfirm: 3, materialsToReceive: 1, questions: 0, total: 4 },
    });
  });

  it('adding more hours while they wait for the organisation is possible, yet not a turn', () => {
    expect(allowedActions({ status: 'hours_logged', kind: 'work', proposedBy: 'worker' }, 'worker')).toContain(
      'log_hours',
    );
    expect(isMyTurn('hours_logged', ['log_hours', 'cancel'])).toBe(false);
    expect(isMyTurn('accepted', ['log_hours', 'cancel'])).toBe(true);
    expect(isMyTurn('proposed', ['cancel'])).toBe(false);
  });
});
