import type { DomainEvent } from '../../src/core/decider';
import type { StoredEvent } from '../../src/core/event-store.port';
import { defineProjection, type TypedProjection } from '../../src/core/projection';
import type { EventTypes } from '../../src/core/typed-events';
import { WITH_PERSONAL_DATA, type WithPersonalData } from '../../src/history/ledger-events';

type Opened = DomainEvent<'Opened', { accountId: string; owner: string }>;
type Deposited = DomainEvent<'Deposited', { accountId: string; amount: number }>;
type AccountEvent = Opened | Deposited;

interface AccountDoc {
  owner: string | null;
  balance: number;
}

const accounts = defineProjection<AccountEvent, AccountDoc>({
  name: 'accounts',
  version: 1,
  eventTypes: { Opened: true, Deposited: true },
  collections: { accounts: {} },
  documentsOf: (event) => [{ collection: 'accounts', id: event.data.accountId }],
  evolve(doc, event) {
    const current = doc ?? { owner: null, balance: 0 };
    switch (event.type) {
      case 'Opened':
        return { ...current, owner: event.data.owner };
      case 'Deposited':
        return { ...current, balance: current.balance + event.data.amount };
    }
  },
});

const ref = { collection: 'accounts', id: 'a' };

function stored(type: string, data: Record<string, unknown>): StoredEvent {
  const occurredOn = '2024-03-01';
  return {
    id: `${type}-1`,
    type,
    data: { ...data, occurredOn },
    metadata: { occurredOn, recordedAt: '2024-03-01T00:00:00.000Z', actor: 't', correlationId: 'c', causationId: null },
    streamId: 'account-a',
    revision: 0,
    position: 1,
  };
}

describe('a typed projection', () => {
  it('runs as a projection of the engine, reading the types its union declares', () => {
    expect(accounts.eventTypes).toEqual(['Opened', 'Deposited']);
    expect(accounts.documentsOf(stored('Deposited', { accountId: 'a', amount: 5 }))).toEqual([ref]);
    const opened = accounts.evolve(null, stored('Opened', { accountId: 'a', owner: 'Lan' }), ref);
    expect(accounts.evolve(opened, stored('Deposited', { accountId: 'a', amount: 5 }), ref)).toEqual({
      owner: 'Lan',
      balance: 5,
    });
  });

  it('is never handed an event of another type: it touches nothing and changes nothing', () => {
    const other = stored('Closed', { accountId: 'a' });
    expect(accounts.documentsOf(other)).toEqual([]);
    const doc = { owner: 'Lan', balance: 5 };
    expect(accounts.evolve(doc, other, ref)).toBe(doc);
  });

  it('does not compile when it reads a field its events do not have, or lists types its union does not', () => {
    const wrong: TypedProjection<AccountEvent, AccountDoc> = {
      name: 'wrong',
      version: 1,
      // @ts-expect-error `Closed` is not an event of the union
      eventTypes: { Opened: true, Deposited: true, Closed: true },
      collections: { accounts: {} },
      documentsOf: (event) => [{ collection: 'accounts', id: event.data.accountId }],
      evolve(doc, event) {
        switch (event.type) {
          case 'Opened':
            // @ts-expect-error an opening carries no amount
            return { owner: event.data.owner, balance: event.data.amount };
          default:
            return doc;
        }
      },
    };
    // @ts-expect-error every type of the union is listed: `Deposited` is missing
    const missing: TypedProjection<AccountEvent, AccountDoc>['eventTypes'] = { Opened: true };
    expect([wrong.name, missing]).toBeDefined();
  });
});

describe("the ledger's stored events", () => {
  it('name the types that carry sealed personal data, which the history opens: a member joining, and no other', () => {
    expect(Object.keys(WITH_PERSONAL_DATA)).toEqual(['MemberJoined']);
    // @ts-expect-error a member leaving carries no personal data
    const wrong: EventTypes<WithPersonalData> = { MemberJoined: true, MemberLeft: true };
    expect(wrong).toBeDefined();
  });
});
