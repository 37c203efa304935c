import { MAX_AMOUNT_DONG } from '../core/money';
import { spec } from '../../test/support/decider-spec';
import { activeDistrict, activeUnion } from '../../test/support/decider-states';
import { type InitiativeCommand, initiativeDecider } from './initiative';
import type { InitiativeEvent } from './recognition.events';

const haDong = activeDistrict('ha-dong', 'LĐLĐ quận Hà Đông', '2009-01-01');
const depot = activeUnion({
  id: 'ha-dong-depot',
  name: 'CĐCS Kho vận Hà Đông',
  sector: 'state-enterprise',
  federationId: 'ha-dong',
  foundedOn: '2012-05-01',
});

/** The initiative the specs recognise: what the command asks and the event records. */
const initiativeFacts = {
  initiativeId: 'i1',
  federationId: 'ha-dong',
  unionId: depot.id,
  title: 'Cải tiến quy trình kiểm kê kho',
  valueSavedDong: 25_000_000,
};
const recognise = (changes: Partial<InitiativeCommand> = {}): InitiativeCommand => ({
  type: 'RecogniseInitiative',
  ...initiativeFacts,
  ...changes,
});
const recognised = (changes: Partial<InitiativeEvent['data']> = {}): InitiativeEvent => ({
  type: 'InitiativeRecognised',
  data: { occurredOn: '2017-12-20', ...initiativeFacts, ...changes },
});

const initiative = spec(initiativeDecider, { occurredOn: '2017-12-20' });
const both = { federation: haDong, union: depot };

describe('initiative: recognising a sáng kiến', () => {
  it('records it with its union and the value saved', () => {
    initiative.given([]).when(recognise(), {}, both).then([recognised()]);
  });

  it('records it for the federation alone when no union is named', () => {
    initiative
      .given([])
      .when(recognise({ unionId: null }), {}, { federation: haDong })
      .then([recognised({ unionId: null })]);
  });

  it('refuses to recognise the same initiative twice', () => {
    initiative.given([recognised()]).when(recognise(), {}, both).thenRefuses('initiative.already-recognised');
  });

  it('refuses an unknown federation, or one not active on the date', () => {
    initiative.given([]).when(recognise(), {}, { union: depot }).thenNotFound('federation');
    initiative
      .given([])
      .when(recognise(), {}, { ...both, federation: { ...haDong, status: 'dissolved', endedOn: '2017-01-01' } })
      .thenRefuses('federation.not-active');
  });

  it('refuses an unknown union, or one not active on the date', () => {
    initiative.given([]).when(recognise(), {}, { federation: haDong }).thenNotFound('union');
    initiative
      .given([])
      .when(recognise(), {}, { ...both, union: { ...depot, foundedOn: '2018-01-01' } })
      .thenRefuses('union.not-yet-founded');
    initiative
      .given([])
      .when(recognise(), {}, { ...both, union: { ...depot, status: 'dissolved', dissolvedOn: '2017-12-01' } })
      .thenRefuses('union.dissolved');
  });

  it('refuses a union that belonged to another federation on the date', () => {
    initiative
      .given([])
      .when(recognise(), {}, { ...both, union: { ...depot, federationId: 'thanh-xuan' } })
      .thenRefuses('initiative.union-outside-federation');
  });

  it('accepts the whole-đồng bounds: 1 đồng and the cap', () => {
    initiative
      .given([])
      .when(recognise({ valueSavedDong: 1 }), {}, both)
      .then([recognised({ valueSavedDong: 1 })]);
    initiative
      .given([])
      .when(recognise({ valueSavedDong: MAX_AMOUNT_DONG }), {}, both)
      .then([recognised({ valueSavedDong: MAX_AMOUNT_DONG })]);
  });

  it.each([0, -5, 1.5, MAX_AMOUNT_DONG + 1, Number.NaN])('refuses a value saved of %p', (valueSavedDong) => {
    initiative.given([]).when(recognise({ valueSavedDong }), {}, both).thenRefuses('money.whole-dong');
  });

  it('refuses a date in the future', () => {
    initiative
      .given([])
      .when(recognise(), { occurredOn: '2026-01-02', today: '2026-01-01' }, both)
      .thenRefuses('date.in-future');
  });
});
