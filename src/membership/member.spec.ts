import { fold } from '../core/decider';
import type { UnionState } from '../organisation/union';
import { spec } from '../../test/support/decider-spec';
import { assertMemberOn, type MemberCommand, memberDecider } from './member';
import type { MemberEvent, MemberStreamEvent, PersonalData } from './membership.events';

const lan: PersonalData = { fullName: 'Nguyễn Thị Lan', gender: 'female', birthDate: '1990-05-17' };

function union(id: string, federationId: string, foundedOn = '2010-01-01', dissolvedOn: string | null = null) {
  return {
    status: dissolvedOn ? 'dissolved' : 'active',
    id,
    name: `CĐCS ${id}`,
    sector: 'public-service',
    federationId,
    foundedOn,
    dissolvedOn,
    lastArrival: null,
    lastTransferOn: null,
  } satisfies UnionState;
}

const school = union('tan-linh-school', 'ba-vi');
const factory = union('phuc-tho-factory', 'phuc-tho');

const joined = (occurredOn = '2020-03-01', unionId = school.id, federationId = school.federationId): MemberEvent => ({
  type: 'MemberJoined',
  data: { occurredOn, memberId: 'm1', unionId, federationId, personal: lan },
});
const transferred = (occurredOn: string): MemberEvent => ({
  type: 'MemberTransferred',
  data: {
    occurredOn,
    memberId: 'm1',
    fromUnionId: school.id,
    toUnionId: factory.id,
    fromFederationId: 'ba-vi',
    toFederationId: 'phuc-tho',
  },
});
const left = (occurredOn: string, unionId = school.id, federationId = 'ba-vi'): MemberEvent => ({
  type: 'MemberLeft',
  data: { occurredOn, memberId: 'm1', unionId, federationId },
});

const join = (personal: PersonalData = lan, unionId = school.id): MemberCommand => ({
  type: 'JoinMember',
  memberId: 'm1',
  unionId,
  personal,
});
const transfer = (toUnionId = factory.id): MemberCommand => ({ type: 'TransferMember', memberId: 'm1', toUnionId });
const leave: MemberCommand = { type: 'RecordMemberLeft', memberId: 'm1' };
const forget: MemberCommand = { type: 'ForgetMember', memberId: 'm1' };
const forgotten = (occurredOn: string): MemberStreamEvent => ({
  type: 'MemberForgotten',
  data: { occurredOn, memberId: 'm1' },
});

const member = spec(memberDecider);

describe('member: joining a grassroots union', () => {
  it('records the join with the union, its federation and the personal data', () => {
    member
      .given([])
      .when(join(), { occurredOn: '2020-03-01' }, { targetUnion: school })
      .then([joined('2020-03-01')]);
  });

  it('refuses an unknown union as not found', () => {
    member.given([]).when(join(), { occurredOn: '2020-03-01' }, {}).thenNotFound('union');
  });

  it('refuses a union not yet founded on the date', () => {
    member
      .given([])
      .when(join(), { occurredOn: '2009-12-31' }, { targetUnion: school })
      .thenRefuses('union.not-yet-founded');
  });

  it('refuses a union dissolved by the date', () => {
    const closed = union('closed', 'ba-vi', '2010-01-01', '2019-06-30');
    member
      .given([])
      .when(join(lan, 'closed'), { occurredOn: '2019-06-30' }, { targetUnion: closed })
      .thenRefuses('union.dissolved');
    member
      .given([])
      .when(join(lan, 'closed'), { occurredOn: '2019-06-29' }, { targetUnion: closed })
      .then([joined('2019-06-29', 'closed', 'ba-vi')]);
  });

  it('refuses someone who is already a member', () => {
    member
      .given([joined()])
      .when(join(), { occurredOn: '2021-01-01' }, { targetUnion: school })
      .thenRefuses('member.already-joined');
  });

  it('lets someone who left rejoin, on or after the departure', () => {
    member
      .given([joined(), left('2022-08-31')])
      .when(join(), { occurredOn: '2022-08-31' }, { targetUnion: school })
      .then([joined('2022-08-31')]);
  });

  it('refuses a rejoin dated before the departure', () => {
    member
      .given([joined(), left('2022-08-31')])
      .when(join(), { occurredOn: '2022-08-30' }, { targetUnion: school })
      .thenRefuses('date.before-existence');
  });

  it('accepts a member who turns 15 on the day of joining', () => {
    const young = { ...lan, birthDate: '2005-03-01' };
    member
      .given([])
      .when(join(young), { occurredOn: '2020-03-01' }, { targetUnion: school })
      .then([{ ...joined(), data: { ...joined().data, personal: young } } as MemberEvent]);
  });

  it.each([
    ['younger than 15', '2005-03-02'],
    ['born after joining', '2021-01-01'],
    ['born before 1900', '1899-12-31'],
    ['not a calendar date', '1990-02-30'],
  ])('refuses an implausible birth date (%s)', (_why, birthDate) => {
    member
      .given([])
      .when(join({ ...lan, birthDate }), { occurredOn: '2020-03-01' }, { targetUnion: school })
      .thenRefuses('member.birth-date');
  });

  it('refuses a join dated in the future', () => {
    member
      .given([])
      .when(join(), { occurredOn: '2026-01-02', today: '2026-01-01' }, { targetUnion: school })
      .thenRefuses('date.in-future');
  });
});

describe('member: transferring to another union', () => {
  it('records the move with both unions and both federations', () => {
    member
      .given([joined()])
      .when(transfer(), { occurredOn: '2023-04-01' }, { currentUnion: school, targetUnion: factory })
      .then([transferred('2023-04-01')]);
  });

  it('refuses a member never recorded as not found', () => {
    member.given([]).when(transfer(), { occurredOn: '2023-04-01' }, { targetUnion: factory }).thenNotFound('member');
  });

  it('refuses a member who has left', () => {
    member
      .given([joined(), left('2022-08-31')])
      .when(transfer(), { occurredOn: '2023-04-01' }, { currentUnion: school, targetUnion: factory })
      .thenRefuses('member.has-left');
  });

  it('refuses a move to the union the member is already in', () => {
    member
      .given([joined()])
      .when(transfer(school.id), { occurredOn: '2023-04-01' }, { currentUnion: school, targetUnion: school })
      .thenRefuses('member.same-union');
  });

  it('refuses an unknown target union as not found', () => {
    member
      .given([joined()])
      .when(transfer('nowhere'), { occurredOn: '2023-04-01' }, { currentUnion: school })
      .thenNotFound('union');
  });

  it('refuses a target union dissolved by the date', () => {
    const closed = union('closed', 'phuc-tho', '2010-01-01', '2022-12-31');
    member
      .given([joined()])
      .when(transfer('closed'), { occurredOn: '2023-04-01' }, { currentUnion: school, targetUnion: closed })
      .thenRefuses('union.dissolved');
  });

  it('lets members of a union dissolved since then move on', () => {
    const closedSchool = union(school.id, 'ba-vi', '2010-01-01', '2023-03-31');
    member
      .given([joined()])
      .when(transfer(), { occurredOn: '2023-04-01' }, { currentUnion: closedSchool, targetUnion: factory })
      .then([transferred('2023-04-01')]);
  });

  it('refuses a move dated before the member’s last change', () => {
    member
      .given([joined(), transferred('2023-04-01')])
      .when(transfer(school.id), { occurredOn: '2023-03-31' }, { currentUnion: factory, targetUnion: school })
      .thenRefuses('date.before-existence');
  });

  it('refuses a move dated in the future', () => {
    member
      .given([joined()])
      .when(
        transfer(),
        { occurredOn: '2026-02-01', today: '2026-01-01' },
        { currentUnion: school, targetUnion: factory },
      )
      .thenRefuses('date.in-future');
  });
});

describe('member: leaving', () => {
  it('records the departure with the union and federation the member leaves', () => {
    member
      .given([joined(), transferred('2023-04-01')])
      .when(leave, { occurredOn: '2024-12-31' }, { currentUnion: factory })
      .then([left('2024-12-31', factory.id, 'phuc-tho')]);
  });

  it('refuses a member never recorded as not found', () => {
    member.given([]).when(leave, { occurredOn: '2024-12-31' }, {}).thenNotFound('member');
  });

  it('refuses a member who has already left', () => {
    member
      .given([joined(), left('2022-08-31')])
      .when(leave, { occurredOn: '2024-12-31' }, { currentUnion: school })
      .thenRefuses('member.has-left');
  });

  it('refuses a departure dated before the join', () => {
    member
      .given([joined('2020-03-01')])
      .when(leave, { occurredOn: '2020-02-29' }, { currentUnion: school })
      .thenRefuses('date.before-existence');
  });

  it('refuses a departure dated in the future', () => {
    member
      .given([joined()])
      .when(leave, { occurredOn: '2026-01-02', today: '2026-01-01' }, { currentUnion: school })
      .thenRefuses('date.in-future');
  });
});

describe('member: forgetting the personal data (Decree 13/2023)', () => {
  it('records the forgetting of a member, with no personal data in the event', () => {
    member
      .given([joined()])
      .when(forget, { occurredOn: '2024-12-31' })
      .then([forgotten('2024-12-31')]);
  });

  it('forgets a member who has left, too', () => {
    member
      .given([joined(), left('2022-08-31')])
      .when(forget, { occurredOn: '2024-12-31' })
      .then([forgotten('2024-12-31')]);
  });

  it('refuses a member never recorded as not found', () => {
    member.given([]).when(forget, { occurredOn: '2024-12-31' }).thenNotFound('member');
  });

  it('refuses to forget a member twice', () => {
    member
      .given([joined(), forgotten('2024-12-31')])
      .when(forget, { occurredOn: '2025-01-02' })
      .thenRefuses('member.already-forgotten');
  });

  it('refuses a forgetting dated before the member’s last change', () => {
    member
      .given([joined('2020-03-01')])
      .when(forget, { occurredOn: '2020-02-29' })
      .thenRefuses('date.before-existence');
  });

  it('keeps the membership facts: a forgotten member can still move and leave', () => {
    member
      .given([joined(), forgotten('2024-12-31')])
      .when(leave, { occurredOn: '2025-01-02' }, { currentUnion: school })
      .then([left('2025-01-02')]);
  });

  it('refuses a forgotten member rejoining under the same id', () => {
    member
      .given([joined(), left('2022-08-31'), forgotten('2024-12-31')])
      .when(join(), { occurredOn: '2025-01-02' }, { targetUnion: school })
      .thenRefuses('member.forgotten');
  });
});

describe('assertMemberOn (the member as it stood on a date)', () => {
  const onDate = (events: MemberEvent[]) => fold(memberDecider, events);

  it('accepts a member on the date', () => {
    expect(assertMemberOn(onDate([joined('2020-03-01')]), 'm1', '2020-03-01').unionId).toBe(school.id);
  });

  it('says not found for someone never recorded', () => {
    expect(() => assertMemberOn(onDate([]), 'm1', '2020-03-01')).toThrow("member 'm1' does not exist");
  });

  it('refuses someone who joined only later, or had left', () => {
    expect(() => assertMemberOn(onDate([joined('2020-03-01')]), 'm1', '2020-02-29')).toThrow(
      "member 'm1' was not yet a member on 2020-02-29",
    );
    expect(() => assertMemberOn(onDate([joined(), left('2022-08-31')]), 'm1', '2022-08-31')).toThrow(
      "member 'm1' left on 2022-08-31, so was not a member on 2022-08-31",
    );
  });
});
