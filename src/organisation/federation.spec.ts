import { spec } from '../../test/support/decider-spec';
import { federationDecider, type FederationState, initialFederationState } from './federation';
import type { FederationEvent } from './organisation.events';

const registered = (
  federationId: string,
  occurredOn = '1990-01-01',
  level = 'district',
  parentId: string | null = 'ha-noi',
) =>
  ({
    type: 'FederationRegistered',
    data: { occurredOn, federationId, name: `LĐLĐ ${federationId}`, level, parentId },
  }) as FederationEvent;

const hanoi: FederationState = {
  ...initialFederationState,
  status: 'active',
  id: 'ha-noi',
  name: 'LĐLĐ thành phố Hà Nội',
  level: 'city',
  registeredOn: '1950-01-01',
};

const federation = spec(federationDecider);

describe('federation', () => {
  describe('RegisterFederation', () => {
    const command = {
      type: 'RegisterFederation' as const,
      federationId: 'ba-vi',
      name: 'LĐLĐ huyện Ba Vì',
      level: 'district' as const,
      parentId: 'ha-noi',
    };

    it('registers a district under an active city federation', () => {
      federation
        .given([])
        .when(command, { occurredOn: '1991-01-01' }, { other: hanoi })
        .then([
          {
            type: 'FederationRegistered',
            data: {
              occurredOn: '1991-01-01',
              federationId: 'ba-vi',
              name: 'LĐLĐ huyện Ba Vì',
              level: 'district',
              parentId: 'ha-noi',
            },
          },
        ]);
    });

    it('registers a top-level federation without a parent', () => {
      federation
        .given([])
        .when({ ...command, level: 'city', parentId: null }, {}, {})
        .then([expect.objectContaining({ type: 'FederationRegistered' })] as never);
    });

    it('refuses to register the same federation twice', () => {
      federation
        .given([registered('ba-vi')])
        .when(command, {}, { other: hanoi })
        .thenRefuses('federation.already-registered');
    });

    it('refuses an unknown parent', () => {
      federation.given([]).when(command, {}, { other: initialFederationState }).thenNotFound('ha-noi');
    });

    it('refuses a parent that did not exist yet on the date', () => {
      federation
        .given([])
        .when(command, { occurredOn: '1940-01-01' }, { other: hanoi })
        .thenRefuses('federation.not-active');
    });

    it('refuses a parent of the same or a lower level', () => {
      federation
        .given([])
        .when(command, {}, { other: { ...hanoi, id: 'dan-phuong', level: 'district' } })
        .thenRefuses('federation.parent-level');
    });

    it('refuses a federation as its own parent', () => {
      federation
        .given([])
        .when({ ...command, parentId: 'ba-vi' }, {}, {})
        .thenRefuses('federation.own-parent');
    });

    it('refuses a business date in the future', () => {
      federation
        .given([])
        .when(command, { occurredOn: '2026-01-02', today: '2026-01-01' }, { other: hanoi })
        .thenRefuses('date.in-future');
    });
  });

  describe('RenameFederation', () => {
    it('renames, recording the old and new names', () => {
      federation
        .given([registered('son-tay')])
        .when(
          { type: 'RenameFederation', federationId: 'son-tay', name: 'LĐLĐ thị xã Sơn Tây' },
          { occurredOn: '2009-08-01' },
        )
        .then([
          {
            type: 'FederationRenamed',
            data: {
              occurredOn: '2009-08-01',
              federationId: 'son-tay',
              from: 'LĐLĐ son-tay',
              to: 'LĐLĐ thị xã Sơn Tây',
            },
          },
        ]);
    });

    it('refuses an unknown federation', () => {
      federation
        .given([])
        .when({ type: 'RenameFederation', federationId: 'nowhere', name: 'X' })
        .thenNotFound('nowhere');
    });

    it('refuses the name it already has', () => {
      federation
        .given([registered('ba-vi')])
        .when({ type: 'RenameFederation', federationId: 'ba-vi', name: 'LĐLĐ ba-vi' })
        .thenRefuses('federation.same-name');
    });

    it('refuses a rename dated before registration', () => {
      federation
        .given([registered('ba-vi', '2000-01-01')])
        .when({ type: 'RenameFederation', federationId: 'ba-vi', name: 'New' }, { occurredOn: '1999-01-01' })
        .thenRefuses('federation.not-active');
    });
  });

  describe('MergeFederation and DissolveFederation', () => {
    const into = { ...hanoi, id: 'ha-tay', level: 'district' as const };

    it('merges into another active federation, after which nothing more is recorded for it', () => {
      federation
        .given([registered('ha-dong')])
        .when(
          { type: 'MergeFederation', federationId: 'ha-dong', intoFederationId: 'ha-tay' },
          { occurredOn: '2025-07-01' },
          { other: into },
        )
        .then([
          {
            type: 'FederationsMerged',
            data: { occurredOn: '2025-07-01', federationId: 'ha-dong', intoFederationId: 'ha-tay' },
          },
        ]);
      federation
        .given([
          registered('ha-dong'),
          {
            type: 'FederationsMerged',
            data: { occurredOn: '2025-07-01', federationId: 'ha-dong', intoFederationId: 'ha-tay' },
          },
        ])
        .when({ type: 'RenameFederation', federationId: 'ha-dong', name: 'Y' }, { occurredOn: '2025-08-01' })
        .thenRefuses('federation.not-active');
    });

    it('still accepts facts dated before the merge', () => {
      federation
        .given([
          registered('ha-dong'),
          {
            type: 'FederationsMerged',
            data: { occurredOn: '2025-07-01', federationId: 'ha-dong', intoFederationId: 'ha-tay' },
          },
        ])
        .when(
          { type: 'SetDevelopmentTarget', federationId: 'ha-dong', year: 2024, newMembers: 10, newUnions: 1 },
          { occurredOn: '2024-01-02' },
        )
        .then([expect.objectContaining({ type: 'DevelopmentTargetSet' })] as never);
    });

    it('refuses a merge into itself or into an unknown federation', () => {
      federation
        .given([registered('ha-dong')])
        .when({ type: 'MergeFederation', federationId: 'ha-dong', intoFederationId: 'ha-dong' })
        .thenRefuses('federation.merge-into-itself');
      federation
        .given([registered('ha-dong')])
        .when({ type: 'MergeFederation', federationId: 'ha-dong', intoFederationId: 'x' }, {}, {})
        .thenNotFound('x');
    });

    it('dissolves an active federation and refuses to dissolve it twice', () => {
      const dissolved = {
        type: 'FederationDissolved',
        data: { occurredOn: '2025-07-01', federationId: 'x' },
      } as FederationEvent;
      federation
        .given([registered('x')])
        .when({ type: 'DissolveFederation', federationId: 'x' }, { occurredOn: '2025-07-01' })
        .then([dissolved]);
      federation
        .given([registered('x'), dissolved])
        .when({ type: 'DissolveFederation', federationId: 'x' }, { occurredOn: '2025-08-01' })
        .thenRefuses('federation.not-active');
    });
  });

  describe('plans', () => {
    it('sets a yearly development target', () => {
      federation
        .given([registered('ba-vi')])
        .when(
          { type: 'SetDevelopmentTarget', federationId: 'ba-vi', year: 2023, newMembers: 1000, newUnions: 10 },
          { occurredOn: '2023-01-05' },
        )
        .then([
          {
            type: 'DevelopmentTargetSet',
            data: { occurredOn: '2023-01-05', federationId: 'ba-vi', year: 2023, newMembers: 1000, newUnions: 10 },
          },
        ]);
    });

    it('refuses a target for a year before registration or after next year', () => {
      const cmd = { type: 'SetDevelopmentTarget' as const, federationId: 'ba-vi', newMembers: 1, newUnions: 1 };
      federation
        .given([registered('ba-vi', '2000-01-01')])
        .when({ ...cmd, year: 1999 })
        .thenRefuses('plan.year');
      federation
        .given([registered('ba-vi', '2000-01-01')])
        .when({ ...cmd, year: 2028 }, { today: '2026-01-01' })
        .thenRefuses('plan.year');
    });

    it('refuses negative or fractional counts', () => {
      federation
        .given([registered('ba-vi')])
        .when({ type: 'SetDevelopmentTarget', federationId: 'ba-vi', year: 2023, newMembers: -1, newUnions: 1 })
        .thenRefuses('plan.count');
      federation
        .given([registered('ba-vi')])
        .when({ type: 'ReportWorkforce', federationId: 'ba-vi', year: 2023, workers: 1.5 })
        .thenRefuses('plan.count');
    });

    it('records the workforce reported for coverage', () => {
      federation
        .given([registered('ba-vi')])
        .when(
          { type: 'ReportWorkforce', federationId: 'ba-vi', year: 2023, workers: 52000 },
          { occurredOn: '2023-12-31' },
        )
        .then([
          {
            type: 'WorkforceReported',
            data: { occurredOn: '2023-12-31', federationId: 'ba-vi', year: 2023, workers: 52000 },
          },
        ]);
    });
  });
});
