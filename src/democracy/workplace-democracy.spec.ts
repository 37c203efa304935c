import { spec } from '../../test/support/decider-spec';
import { initialUnionState, type UnionState } from '../organisation/union';
import { TAN_LINH_SCHOOL } from '../../test/support/decider-states';
import type { DemocracyEvent } from './democracy.events';
import { workplaceDemocracyDecider } from './workplace-democracy';

const school = TAN_LINH_SCHOOL;
const factory: UnionState = {
  ...school,
  id: 'may-ba-vi',
  name: 'CĐCS Công ty May Ba Vì',
  sector: 'non-state-enterprise',
};
const closed: UnionState = { ...school, status: 'dissolved', dissolvedOn: '2020-12-31' };

const held = (kind: 'workers' | 'civil-servants', year = 2023, occurredOn = `${year}-03-10`) =>
  ({
    type: 'ConferenceHeld',
    data: { occurredOn, unionId: 'tan-linh-school', federationId: 'ba-vi', year, kind },
  }) as DemocracyEvent;

const democracy = spec(workplaceDemocracyDecider);

describe('workplace democracy', () => {
  describe('HoldConference', () => {
    const hold = (kind: 'workers' | 'civil-servants', year = 2023) => ({
      type: 'HoldConference' as const,
      unionId: 'tan-linh-school',
      year,
      kind,
    });

    it('records a civil-servant conference in a public service unit, with its federation', () => {
      democracy
        .given([])
        .when(hold('civil-servants'), { occurredOn: '2023-03-10' }, { union: school })
        .then([held('civil-servants')]);
    });

    it('records a workers conference in an enterprise', () => {
      democracy
        .given([])
        .when({ ...hold('workers'), unionId: 'may-ba-vi' }, { occurredOn: '2023-03-10' }, { union: factory })
        .then([
          {
            type: 'ConferenceHeld',
            data: {
              occurredOn: '2023-03-10',
              unionId: 'may-ba-vi',
              federationId: 'ba-vi',
              year: 2023,
              kind: 'workers',
            },
          },
        ]);
    });

    it('refuses a civil-servant conference outside the public sector', () => {
      democracy
        .given([])
        .when({ ...hold('civil-servants'), unionId: 'may-ba-vi' }, { occurredOn: '2023-03-10' }, { union: factory })
        .thenRefuses('conference.kind-sector');
      democracy
        .given([])
        .when(
          hold('civil-servants'),
          { occurredOn: '2023-03-10' },
          { union: { ...school, sector: 'public-administration' } },
        )
        .then([held('civil-servants')]);
    });

    it('holds each kind once a year: the other kind, or the next year, is accepted', () => {
      democracy
        .given([held('civil-servants')])
        .when(hold('civil-servants'), { occurredOn: '2023-11-20' }, { union: school })
        .thenRefuses('conference.already-held');
      democracy
        .given([held('civil-servants')])
        .when(hold('workers'), { occurredOn: '2023-11-20' }, { union: school })
        .then([held('workers', 2023, '2023-11-20')]);
      democracy
        .given([held('civil-servants')])
        .when(hold('civil-servants', 2024), { occurredOn: '2024-03-10' }, { union: school })
        .then([held('civil-servants', 2024)]);
    });

    it('refuses a conference year other than the year it was held in', () => {
      democracy
        .given([])
        .when(hold('workers', 2022), { occurredOn: '2023-01-15' }, { union: school })
        .thenRefuses('conference.year');
    });

    it('refuses an unknown union, one not yet founded, or a dissolved one', () => {
      democracy.given([]).when(hold('workers'), {}, {}).thenNotFound('tan-linh-school');
      democracy.given([]).when(hold('workers'), {}, { union: initialUnionState }).thenNotFound('tan-linh-school');
      democracy
        .given([])
        .when(hold('workers', 2009), { occurredOn: '2009-05-01' }, { union: school })
        .thenRefuses('union.not-yet-founded');
      democracy
        .given([])
        .when(hold('workers', 2021), { occurredOn: '2021-03-10' }, { union: closed })
        .thenRefuses('union.dissolved');
      democracy
        .given([])
        .when(hold('workers', 2020), { occurredOn: '2020-03-10' }, { union: closed })
        .then([held('workers', 2020)]);
    });

    it('refuses a conference dated in the future', () => {
      democracy
        .given([])
        .when(hold('workers', 2026), { occurredOn: '2026-03-10', today: '2026-03-09' }, { union: school })
        .thenRefuses('date.in-future');
    });
  });

  describe('SignAgreement', () => {
    const sign = {
      type: 'SignAgreement' as const,
      unionId: 'tan-linh-school',
      agreementId: 'tu-2024',
      title: 'Thỏa ước lao động tập thể 2024–2026',
      validFrom: '2024-01-01',
      validUntil: '2026-12-31' as string | null,
    };
    const signed = {
      type: 'AgreementSigned',
      data: {
        occurredOn: '2023-12-20',
        unionId: 'tan-linh-school',
        federationId: 'ba-vi',
        agreementId: 'tu-2024',
        title: 'Thỏa ước lao động tập thể 2024–2026',
        validFrom: '2024-01-01',
        validUntil: '2026-12-31',
      },
    } as DemocracyEvent;

    it('records an agreement that takes effect after signing', () => {
      democracy.given([]).when(sign, { occurredOn: '2023-12-20' }, { union: school }).then([signed]);
    });

    it('records an open-ended agreement', () => {
      democracy
        .given([])
        .when({ ...sign, validUntil: null }, { occurredOn: '2023-12-20' }, { union: school })
        .then([{ ...signed, data: { ...signed.data, validUntil: null } } as DemocracyEvent]);
    });

    it('refuses an agreement id already used in the union; accepts another', () => {
      democracy
        .given([signed])
        .when(sign, { occurredOn: '2024-02-01' }, { union: school })
        .thenRefuses('agreement.already-signed');
      democracy
        .given([signed])
        .when({ ...sign, agreementId: 'tu-2027' }, { occurredOn: '2024-02-01' }, { union: school })
        .then([expect.objectContaining({ type: 'AgreementSigned' })] as never);
    });

    it('refuses a validFrom that is not a real date or predates the union', () => {
      for (const validFrom of ['2024-02-30', '01/01/2024', '2009-12-31']) {
        democracy
          .given([])
          .when({ ...sign, validFrom }, { occurredOn: '2023-12-20' }, { union: school })
          .thenRefuses('agreement.valid-from');
      }
    });

    it('refuses a validUntil that is not a real date or not after validFrom', () => {
      for (const validUntil of ['2024-01-01', '2023-12-31', '2026-13-01']) {
        democracy
          .given([])
          .when({ ...sign, validUntil }, { occurredOn: '2023-12-20' }, { union: school })
          .thenRefuses('agreement.validity');
      }
    });

    it('refuses an agreement for an unknown or dissolved union, or dated in the future', () => {
      democracy.given([]).when(sign, {}, {}).thenNotFound('tan-linh-school');
      democracy.given([]).when(sign, { occurredOn: '2023-12-20' }, { union: closed }).thenRefuses('union.dissolved');
      democracy
        .given([])
        .when(sign, { occurredOn: '2026-01-02', today: '2026-01-01' }, { union: school })
        .thenRefuses('date.in-future');
    });
  });
});
