import type { Engagement } from '../../../shared/schemas/engagements.ts';
import type { Balance, Transfer } from '../../../shared/schemas/ledger.ts';
import { api, errorCodeOf, type ClientErrorCode } from '../lib/api/client.ts';
import { engagementsApi, ledgerApi } from '../lib/api/engagements.ts';
import type { Recipient } from '../lib/wallet/transfer-outbox.ts';
import { session } from './session.svelte.ts';

const noEngagements = { items: [] as Engagement[] };

/**
 * One owner's wallet (`me` or `org:<id>`): balances by unit, the history page by page, and the names
 * the ledger leaves out (it holds ids only): from engagements, and organisations looked up.
 */
export class WalletState {
  #owner = 'me';
  #orgId: string | null = null;
  #balances = $state<Balance[]>([]);
  #history = $state<Transfer[]>([]);
  #nextCursor = $state<string | null>(null);
  #loaded = $state(false);
  #errorCode = $state<ClientErrorCode | null>(null);
  #busy = $state(false);
  #names = $state<Record<string, string>>({});
  #engagementTitles = $state<Record<string, string>>({});
  #recipients = $state<Recipient[]>([]);

  get balances(): Balance[] {
    return this.#balances;
  }
  get history(): Transfer[] {
    return this.#history;
  }
  get nextCursor(): string | null {
    return this.#nextCursor;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get errorCode(): ClientErrorCode | null {
    return this.#errorCode;
  }
  get busy(): boolean {
    return this.#busy;
  }
  /** People and organisations I have engagements with (and are active), to send time credits to. */
  get recipients(): Recipient[] {
    return this.#recipients;
  }
  /** The name of `type:id`, when known. */
  nameOf(type: string, id: string): string | undefined {
    return this.#names[`${type}:${id}`];
  }
  engagementTitle(id: string): string | undefined {
    return this.#engagementTitles[id];
  }

  /** Everything for an owner: balances, the first history page, names and recipients. */
  async load(owner: string, orgId: string | null): Promise<void> {
    this.#owner = owner;
    this.#orgId = orgId;
    this.#loaded = false;
    try {
      await Promise.all([this.#loadBalances(), this.#loadHistory(), this.#loadPeople()]);
      this.#errorCode = null;
    } catch (err) {
      this.#errorCode = errorCodeOf(err);
    } finally {
      this.#loaded = true;
    }
  }

  /** After sending: the balances and the history's first page again. */
  async refresh(): Promise<void> {
    await Promise.all([this.#loadBalances(), this.#loadHistory()]);
  }

  async more(): Promise<void> {
    if (this.#nextCursor) await this.#loadHistory(this.#nextCursor);
  }

  async #loadBalances() {
    this.#balances = await ledgerApi.balances(this.#owner);
  }

  async #loadHistory(cursor?: string) {
    this.#busy = true;
    try {
      const page = await ledgerApi.transfers({ owner: this.#owner, ...(cursor ? { cursor } : {}) });
      this.#history = cursor ? [...this.#history, ...page.items] : page.items;
      this.#nextCursor = page.nextCursor;
      void this.#nameOrganizations(page.items);
    } finally {
      this.#busy = false;
    }
  }

  async #loadPeople() {
    const lists = await Promise.all([
      engagementsApi.list({ role: 'worker', limit: 100 }).catch(() => noEngagements),
      session.memberships.length > 0
        ? engagementsApi.list({ role: 'organization', limit: 100 }).catch(() => noEngagements)
        : noEngagements,
    ]);
    const found = new Map<string, Recipient>();
    const titles: Record<string, string> = {};
    const known: Record<string, string> = { ...this.#names };
    for (const e of [...lists[0].items, ...lists[1].items]) {
      titles[e.id] = e.need.title;
      known[`organization:${e.need.organizationId}`] = e.need.organizationName;
      known[`person:${e.worker.userId}`] = e.worker.displayName;
      if (e.status !== 'completed' && e.status !== 'accepted' && e.status !== 'hours_logged') continue;
      if (e.worker.userId !== session.user?.id)
        found.set(`person:${e.worker.userId}`, {
          key: `person:${e.worker.userId}`,
          type: 'person',
          id: e.worker.userId,
          name: e.worker.displayName,
        });
      if (this.#orgId !== e.need.organizationId) {
        found.set(`organization:${e.need.organizationId}`, {
          key: `organization:${e.need.organizationId}`,
          type: 'organization',
          id: e.need.organizationId,
          name: e.need.organizationName,
        });
      }
    }
    this.#names = known;
    this.#engagementTitles = titles;
    this.#recipients = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async #nameOrganizations(items: Transfer[]) {
    const missing = new Set(
      items
        .flatMap((x) => [x.from, x.to])
        .filter((o) => o.type === 'organization' && !this.#names[`organization:${o.id}`])
        .map((o) => o.id),
    );
    for (const id of missing) {
      try {
        const { organization } = await api.organization(id);
        this.#names = { ...this.#names, [`organization:${id}`]: organization.name };
      } catch {
        // an organisation that left: the history says "an organisation"
      }
    }
  }
}
