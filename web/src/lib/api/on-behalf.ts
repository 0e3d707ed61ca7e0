import { ON_BEHALF_HEADER } from '../../../../shared/on-behalf.ts';

/**
 * The requests a coordinator may make for a person who gave consent (the server's list, in
 * server/modules/helpers/routes.ts); every other request goes as the coordinator themselves.
 */
const onBehalfRoutes: readonly [string, RegExp][] = [
  ['POST', /^\/offers$/],
  ['POST', /^\/engagements$/],
  ['POST', /^\/engagements\/[^/]+\/(accept|decline|messages|hours)$/],
];

let actingFor: string | null = null;

/** From now on, the acts above are done for this person (null: for oneself again). */
export function setActingFor(personId: string | null): void {
  actingFor = personId;
}

/** The header that makes a request an act for the person, when it is one of those acts. */
export function onBehalfHeader(method: string, path: string): Record<string, string> {
  if (!actingFor) return {};
  const bare = path.split('?')[0] ?? path;
  return onBehalfRoutes.some(([m, re]) => m === method && re.test(bare)) ? { [ON_BEHALF_HEADER]: actingFor } : {};
}
