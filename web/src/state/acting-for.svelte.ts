import { setActingFor } from '../lib/api/on-behalf.ts';

/** The person a coordinator is acting for right now (with their consent), shown in a bar on every page. */
class ActingForState {
  #person = $state<{ id: string; displayName: string } | null>(null);

  get person(): { id: string; displayName: string } | null {
    return this.#person;
  }
  start(person: { id: string; displayName: string }): void {
    this.#person = person;
    setActingFor(person.id);
  }
  stop(): void {
    this.#person = null;
    setActingFor(null);
  }
}

export const actingFor = new ActingForState();
