import type { MemberState } from '../membership/member';
import { spec } from '../../test/support/decider-spec';
import { activeDistrict, TAN_LINH_SCHOOL } from '../../test/support/decider-states';
import { type AwardCommand, awardDecider } from './award';
import type { AwardEvent, AwardRecipient } from './recognition.events';

const baVi = activeDistrict('ba-vi', 'LĐLĐ huyện Ba Vì', '1991-01-01');
const school = TAN_LINH_SCHOOL;
/** A member as she stood on the grant date. */
const lan: MemberState = { status: 'member', id: 'lan', unionId: school.id, since: '2020-03-01', forgotten: false };

const toMember: AwardRecipient = { kind: 'member', id: 'lan' };
const toUnion: AwardRecipient = { kind: 'union', id: school.id };
const toFederation: AwardRecipient = { kind: 'federation', id: 'ba-vi' };

const grant = (recipient: AwardRecipient = toMember, year = 2023): AwardCommand => ({
  type: 'GrantAward',
  awardId: 'a1',
  title: 'Lao động giỏi',
  level: 'district',
  recipient,
  year,
});
const revoke: AwardCommand = { type: 'RevokeAward', awardId: 'a1' };

const granted = (recipient: AwardRecipient = toMember, occurredOn = '2023-11-22', year = 2023): AwardEvent => ({
  type: 'AwardGranted',
  data: {
    occurredOn,
    awardId: 'a1',
    title: 'Lao động giỏi',
    level: 'district',
    recipient,
    federationId: 'ba-vi',
    year,
  },
});
const revoked: AwardEvent = {
  type: 'AwardRevoked',
  data: { occurredOn: '2024-02-01', awardId: 'a1', recipient: toMember, federationId: 'ba-vi', year: 2023 },
};

const award = spec(awardDecider);
const onConferenceDay = { occurredOn: '2023-11-22' };

describe('award: granting a title', () => {
  it('grants it to a member, counted for the federation of her union on that date', () => {
    award.given([]).when(grant(), onConferenceDay, { member: lan, union: school }).then([granted()]);
  });

  it('refuses a member never recorded as not found', () => {
    award.given([]).when(grant(), onConferenceDay, {}).thenNotFound('member');
  });

  it('refuses someone who was not a member on the date (joined later, or had left)', () => {
    award
      .given([])
      .when(grant(), onConferenceDay, { member: { ...lan, since: '2023-11-23' }, union: school })
      .thenRefuses('member.not-a-member-on-date');
    award
      .given([])
      .when(grant(), onConferenceDay, { member: { ...lan, status: 'left', since: '2023-06-30' }, union: school })
      .thenRefuses('member.not-a-member-on-date');
  });

  it('refuses a member whose union is unknown as not found', () => {
    award.given([]).when(grant(), onConferenceDay, { member: lan }).thenNotFound('union');
  });

  it('grants it to a grassroots union active on the date', () => {
    award
      .given([])
      .when(grant(toUnion), onConferenceDay, { union: school })
      .then([granted(toUnion)]);
  });

  it('refuses an unknown union, one not yet founded, or one dissolved', () => {
    award.given([]).when(grant(toUnion), onConferenceDay, {}).thenNotFound('union');
    award
      .given([])
      .when(grant(toUnion), onConferenceDay, { union: { ...school, foundedOn: '2023-12-01' } })
      .thenRefuses('union.not-yet-founded');
    award
      .given([])
      .when(grant(toUnion), onConferenceDay, {
        union: { ...school, status: 'dissolved', dissolvedOn: '2023-11-01' },
      })
      .thenRefuses('union.dissolved');
  });

  it('grants it to a federation active on the date', () => {
    award
      .given([])
      .when(grant(toFederation), onConferenceDay, { federation: baVi })
      .then([granted(toFederation)]);
  });

  it('refuses an unknown federation, or one merged away by then', () => {
    award.given([]).when(grant(toFederation), onConferenceDay, {}).thenNotFound('federation');
    award
      .given([])
      .when(grant(toFederation), onConferenceDay, {
        federation: { ...baVi, status: 'merged', endedOn: '2023-07-01' },
      })
      .thenRefuses('federation.not-active');
  });

  it('accepts a title for the year of the grant or the year before', () => {
    award
      .given([])
      .when(grant(toMember, 2022), { occurredOn: '2023-01-10' }, { member: lan, union: school })
      .then([granted(toMember, '2023-01-10', 2022)]);
    award
      .given([])
      .when(grant(toMember, 2023), { occurredOn: '2023-01-10' }, { member: lan, union: school })
      .then([granted(toMember, '2023-01-10', 2023)]);
  });

  it.each([2021, 2024])('refuses a title for %i granted in 2023', (year) => {
    award
      .given([])
      .when(grant(toMember, year), onConferenceDay, { member: lan, union: school })
      .thenRefuses('award.year');
  });

  it('refuses to grant the same award twice, even after a revocation', () => {
    award
      .given([granted()])
      .when(grant(), onConferenceDay, { member: lan, union: school })
      .thenRefuses('award.already-granted');
    award
      .given([granted(), revoked])
      .when(grant(), onConferenceDay, { member: lan, union: school })
      .thenRefuses('award.already-granted');
  });

  it('refuses a grant dated in the future', () => {
    award
      .given([])
      .when(grant(), { occurredOn: '2026-01-02', today: '2026-01-01' }, { member: lan, union: school })
      .thenRefuses('date.in-future');
  });
});

describe('award: revoking', () => {
  it('revokes a granted award, keeping recipient and federation for the counts', () => {
    award.given([granted()]).when(revoke, { occurredOn: '2024-02-01' }).then([revoked]);
  });

  it('accepts a revocation on the day of the grant', () => {
    award
      .given([granted()])
      .when(revoke, onConferenceDay)
      .then([{ ...revoked, data: { ...revoked.data, occurredOn: '2023-11-22' } }]);
  });

  it('refuses an award never granted as not found', () => {
    award.given([]).when(revoke, { occurredOn: '2024-02-01' }).thenNotFound('award');
  });

  it('refuses an award already revoked', () => {
    award.given([granted(), revoked]).when(revoke, { occurredOn: '2024-03-01' }).thenRefuses('award.already-revoked');
  });

  it('refuses a revocation dated before the grant', () => {
    award.given([granted()]).when(revoke, { occurredOn: '2023-11-21' }).thenRefuses('date.before-existence');
  });

  it('refuses a revocation dated in the future', () => {
    award
      .given([granted()])
      .when(revoke, { occurredOn: '2026-01-02', today: '2026-01-01' })
      .thenRefuses('date.in-future');
  });
});
