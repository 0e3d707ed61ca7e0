import { describe, expect, it } from 'vitest';
import type { ToDo } from '../../shared/schemas/to-do.ts';
import { openingRole } from '../../web/src/lib/engagements/opening-role.ts';

const counts = (worker: number, organization: number): ToDo => ({
  worker: { invitations: worker, toReport: 0, total: worker },
  organization: { applicants: organization, hoursToConfirm: 0, materialsToReceive: 0, questions: 0, total: organization },
});

describe('"Mijn afspraken" opens on the tab with something to do', () => {
  it('opens on the organisation\'s tab when only it has work waiting', () => {
    expect(openingRole(null, true, counts(0, 2), false)).toBe('organization');
  });
  it('stays on the person\'s own tab when it has work too, or nothing waits anywhere', () => {
    expect(openingRole(null, true, counts(1, 2), false)).toBe('worker');
    expect(openingRole(null, true, counts(0, 0), false)).toBe('worker');
  });
  it('follows the address, and has only one tab without an organisation', () => {
    expect(openingRole('worker', true, counts(0, 2), false)).toBe('worker');
    expect(openingRole('organization', false, counts(0, 2), false)).toBe('worker');
  });
  it('waits for the counts instead of jumping, and falls back to the own tab when they fail', () => {
    expect(openingRole(null, true, null, false)).toBeNull();
    expect(openingRole(null, true, null, true)).toBe('worker');
  });
});
