import type { ToDo } from '../../../../shared/schemas/to-do.ts';

export type ListRole = 'worker' | 'organization';

/**
 * Which tab "Mijn afspraken" opens on: the one asked for in the address; else, for someone with an
 * organisation, the tab where something waits for them (their own first when both have work, as
 * before); null while the counts are still loading, so the page does not show one tab and jump.
 */
export function openingRole(
  asked: string | null,
  hasOrganizations: boolean,
  toDo: ToDo | null,
  toDoFailed: boolean,
): ListRole | null {
  if (!hasOrganizations) return 'worker';
  if (asked === 'organization' || asked === 'worker') return asked;
  if (toDoFailed) return 'worker';
  if (!toDo) return null;
  return toDo.worker.total === 0 && toDo.organization.total > 0 ? 'organization' : 'worker';
}
