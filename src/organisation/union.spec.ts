import { spec } from '../../test/support/decider-spec';
import { type FederationState, initialFederationState } from './federation';
import type { UnionEvent } from './organisation.events';
import { unionDecider } from './union';

const baVi: FederationState = {
  ...initialFederationState,
  status: 'active',
  id: 'ba-vi',
  name: 'LĐLĐ huyện Ba Vì',
  registeredOn: '1991-01-01',
};
const sonTay: FederationState = { ...baVi, id: 'son-tay', name: 'LĐLĐ thị xã Sơn Tây' };

const founded = {
  type: 'UnionFounded',
  data: {
    occurredOn: '2020-03-01',
    unionId: 'u1',
    federationId: 'ba-vi',
    name: 'CĐCS Công ty May Ba Vì',
    sector: 'non-state-enterprise',
  },
} as UnionEvent;
const dissolved = {
  type: 'UnionDissolved',
  data: { occurredOn: '2023-06-30', unionId: 'u1', federationId: 'ba-vi' },
} as UnionEvent;

const union = spec(unionDecider);

describe('grassroots union', () => {
  const found = {
    type: 'FoundUnion' as const,
    unionId: 'u1',
    federationId: 'ba-vi',
    name: 'CĐCS Công ty May Ba Vì',
    sector: 'non-state-enterprise' as const,
  };

  it('is founded in an active federation', () => {
    union.given([]).when(found, { occurredOn: '2020-03-01' }, { federation: baVi }).then([founded]);
  });

  it('refuses founding in an unknown federation, or before the federation existed', () => {
    union.given([]).when(found, {}, { federation: initialFederationState }).thenNotFound('ba-vi');
    union
      .given([])
      .when(found, { occurredOn: '1980-01-01' }, { federation: baVi })
      .thenRefuses('federation.not-active');
  });

  it('refuses founding the same union twice', () => {
    union.given([founded]).when(found, {}, { federation: baVi }).thenRefuses('union.already-founded');
  });

  it('is dissolved once, not before its founding', () => {
    union
      .given([founded])
      .when({ type: 'DissolveUnion', unionId: 'u1' }, { occurredOn: '2023-06-30' })
      .then([dissolved]);
    union
      .given([founded, dissolved])
      .when({ type: 'DissolveUnion', unionId: 'u1' }, { occurredOn: '2023-07-30' })
      .thenRefuses('union.dissolved');
    union
      .given([founded])
      .when({ type: 'DissolveUnion', unionId: 'u1' }, { occurredOn: '2019-01-01' })
      .thenRefuses('union.not-yet-founded');
    union.given([]).when({ type: 'DissolveUnion', unionId: 'u1' }).thenNotFound('u1');
  });

  it('is transferred to another active federation, keeping where it came from', () => {
    union
      .given([founded])
      .when(
        { type: 'TransferUnion', unionId: 'u1', toFederationId: 'son-tay' },
        { occurredOn: '2024-02-01' },
        { federation: sonTay },
      )
      .then([
        {
          type: 'UnionTransferred',
          data: { occurredOn: '2024-02-01', unionId: 'u1', fromFederationId: 'ba-vi', toFederationId: 'son-tay' },
        },
      ]);
  });

  it('refuses a transfer to its own federation, to an unknown one, or after dissolution', () => {
    const transfer = { type: 'TransferUnion' as const, unionId: 'u1', toFederationId: 'son-tay' };
    union
      .given([founded])
      .when({ ...transfer, toFederationId: 'ba-vi' }, {}, { federation: baVi })
      .thenRefuses('union.same-federation');
    union.given([founded]).when(transfer, {}, {}).thenNotFound('son-tay');
    union
      .given([founded, dissolved])
      .when(transfer, { occurredOn: '2024-01-01' }, { federation: sonTay })
      .thenRefuses('union.dissolved');
  });

  describe('checked against its whole history, not only up to the date', () => {
    const transferred = {
      type: 'UnionTransferred',
      data: { occurredOn: '2023-05-01', unionId: 'u1', fromFederationId: 'ba-vi', toFederationId: 'son-tay' },
    } as UnionEvent;
    const admitted = (occurredOn: string, memberId = 'lan') =>
      ({ type: 'MemberAdmitted', data: { occurredOn, unionId: 'u1', memberId, via: 'join' } }) as UnionEvent;

    it('refuses a dissolution dated before a transfer already recorded for a later date', () => {
      union
        .given([founded, transferred])
        .when({ type: 'DissolveUnion', unionId: 'u1' }, { occurredOn: '2022-01-01' })
        .thenRefuses('history.later-fact');
    });

    it('refuses a dissolution dated on or before the arrival of a member already recorded', () => {
      const dissolve = { type: 'DissolveUnion' as const, unionId: 'u1' };
      union
        .given([founded, admitted('2023-03-01')])
        .when(dissolve, { occurredOn: '2021-01-01' })
        .thenRefuses('history.later-fact');
      union
        .given([founded, admitted('2023-03-01')])
        .when(dissolve, { occurredOn: '2023-03-01' })
        .thenRefuses('history.later-fact');
      // The latest arrival counts, whatever order the arrivals were recorded in.
      union
        .given([founded, admitted('2023-03-01', 'lan'), admitted('2021-01-01', 'hoa')])
        .when(dissolve, { occurredOn: '2022-06-30' })
        .thenRefuses('history.later-fact');
      union
        .given([founded, admitted('2023-03-01')])
        .when(dissolve, { occurredOn: '2023-06-30' })
        .then([dissolved]);
    });

    it('refuses a transfer dated before a later transfer already recorded', () => {
      union
        .given([founded, transferred])
        .when(
          { type: 'TransferUnion', unionId: 'u1', toFederationId: 'ba-vi' },
          { occurredOn: '2022-01-01' },
          { federation: baVi },
        )
        .thenRefuses('history.later-fact');
    });
  });
});
