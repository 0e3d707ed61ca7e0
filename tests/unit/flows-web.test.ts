import { describe, expect, it } from 'vitest';
import type { ToDo } from '../../shared/schemas/to-do.ts';
import { openingRole } from '../../web/src/lib/engagements/opening-role.ts';
import { safeNextPath, signInReturning } from '../../web/src/lib/router/next-path.ts';
import { missingForSuggestions } from '../../web/src/lib/start/for-you.ts';

const counts = (worker: number, organization: number): ToDo => ({
  worker: { invitations: worker, toReport: 0, total: worker },
  organization: {
    applicants: organization,
    hoursToConfirm: 0,
    materialsToReceive: 0,
    questions: 0,
    total: organization,
  },
});

describe('"Mijn afspraken" opens on the tab with something to do', () => {
  it("opens on the organisation's tab when only it has work waiting", () => {
    expect(openingRole(null, true, counts(0, 2), false)).toBe('organization');
  });
  it("stays on the person's own tab when it has work too, or nothing waits anywhere", () => {
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

describe('signing in brings the person back', () => {
  it('carries the page (with its query) in ?next=, except from Start and the sign-in pages', () => {
    expect(signInReturning('/needs/abc')).toBe('/login?next=%2Fneeds%2Fabc');
    expect(signInReturning('/offers/x?tab=matches')).toBe('/login?next=%2Foffers%2Fx%3Ftab%3Dmatches');
    expect(signInReturning('/')).toBe('/login');
    expect(signInReturning('/?kind=hands')).toBe('/login');
    expect(signInReturning('/login?next=%2Fwallet')).toBe('/login');
    expect(signInReturning('/register')).toBe('/login');
  });
  it('lands on a page of this site only, else on Start', () => {
    expect(safeNextPath('/needs/abc', '/')).toBe('/needs/abc');
    expect(safeNextPath('//evil.example', '/')).toBe('/');
    expect(safeNextPath(null, '/')).toBe('/');
  });
});

describe('an empty "Voor jou" says what the profile lacks', () => {
  it('names each missing part, and none for a complete profile', () => {
    expect(missingForSuggestions({ skills: [], postcode: null, languages: [] })).toEqual([
      'skills',
      'postcode',
      'languages',
    ]);
    expect(missingForSuggestions({ skills: ['koken'], postcode: '1012AB', languages: [] })).toEqual(['languages']);
    expect(missingForSuggestions({ skills: ['koken'], postcode: '1012AB', languages: ['nl'] })).toEqual([]);
  });
});
