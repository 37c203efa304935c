import { InMemoryEventStore } from '../infrastructure/memory/in-memory-event-store';
import { InMemoryPersonalDataKeys } from '../infrastructure/memory/in-memory-personal-data-keys';
import { entryFor } from './all-commands';
import { previewByEntry, recordByEntry } from './command-table';

/** The table runner on its own: an entry's stream, look-ups, hooks and dry run, without HTTP or the bus. */
describe('recording by table entry', () => {
  const setup = () => {
    const store = new InMemoryEventStore();
    const keys = new InMemoryPersonalDataKeys();
    const deps = {
      store,
      now: () => new Date('2024-06-01T08:00:00Z'),
      services: { store, keys, directory: { unionsOf: async () => [] } },
    };
    const envelope = (occurredOn: string) => ({ actor: 'user:clerk', occurredOn });
    return { store, keys, deps, envelope };
  };

  const register = {
    type: 'RegisterFederation',
    federationId: 'ba-vi',
    name: 'LĐLĐ Ba Vì',
    level: 'district',
    parentId: null,
  } as const;
  const found = {
    type: 'FoundUnion',
    unionId: 'tan-linh',
    federationId: 'ba-vi',
    name: 'CĐCS Tản Lĩnh',
    sector: 'public-service',
  } as const;
  const join = {
    type: 'JoinMember',
    memberId: 'm-1',
    unionId: 'tan-linh',
    personal: { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-02-03' },
  } as const;

  it('records in the entry’s stream, and beside it what the entry also records', async () => {
    const { store, deps, envelope } = setup();
    await recordByEntry(deps, entryFor(register), register, envelope('2020-01-01'));
    await recordByEntry(deps, entryFor(found), found, envelope('2020-02-01'));
    const outcome = await recordByEntry(deps, entryFor(join), join, envelope('2021-03-04'));
    expect(outcome).toMatchObject({ streamId: 'member-m-1', events: [{ type: 'MemberJoined' }], replayed: false });
    expect((await store.readStream('union-tan-linh')).map((e) => e.type)).toEqual(['UnionFounded', 'MemberAdmitted']);
  });

  it('seals a join’s personal data before the append, and destroys the key when the member is forgotten', async () => {
    const { store, keys, deps, envelope } = setup();
    await recordByEntry(deps, entryFor(register), register, envelope('2020-01-01'));
    await recordByEntry(deps, entryFor(found), found, envelope('2020-02-01'));
    await recordByEntry(deps, entryFor(join), join, envelope('2021-03-04'));
    const [joined] = await store.readStream('member-m-1');
    expect(JSON.stringify(joined.data)).not.toContain('Nguyễn');
    expect(await keys.findKey('m-1')).toBeDefined();
    const forget = { type: 'ForgetMember', memberId: 'm-1' } as const;
    await recordByEntry(deps, entryFor(forget), forget, envelope('2022-01-01'));
    expect(await keys.findKey('m-1')).toBeUndefined();
  });

  it('answers a dry run without recording, refused as recording would be', async () => {
    const { store, deps, envelope } = setup();
    const planned = await previewByEntry(deps, entryFor(register), register, envelope('2020-01-01'));
    expect(planned).toEqual([
      { streamId: 'federation-ba-vi', events: [expect.objectContaining({ type: 'FederationRegistered' })] },
    ]);
    expect(await store.readStream('federation-ba-vi')).toEqual([]);
    await expect(previewByEntry(deps, entryFor(found), found, envelope('2020-02-01'))).rejects.toThrow(/ba-vi/);
  });
});
