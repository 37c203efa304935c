import { defineProjection } from '../../src/core/projection';
import type { AwardEvent, InitiativeRecognised } from '../../src/recognition/recognition.events';

/**
 * Recognition per federation and year: titles awarded (danh hiệu) and initiatives (sáng kiến) with
 * the value they saved — indicators of the cluster rankings. One document per `<federationId>:<year>`.
 */
export interface FederationYearRecognitionDoc {
  federationId: string;
  year: number;
  awards: number;
  initiatives: number;
  valueSavedDong: number;
}

export const FEDERATION_YEARS = 'federation_years';
export const federationYearId = (federationId: string, year: number) => `${federationId}:${year}`;

/** Awards count in the year they are for; an initiative in the year it was recognised. */
type RecognitionFact = AwardEvent | InitiativeRecognised;

const yearOf = (event: RecognitionFact) =>
  event.type === 'InitiativeRecognised' ? Number(event.data.occurredOn.slice(0, 4)) : event.data.year;

export const recognitionProjection = defineProjection<RecognitionFact, FederationYearRecognitionDoc>({
  name: 'recognition',
  version: 1,
  eventTypes: { AwardGranted: true, AwardRevoked: true, InitiativeRecognised: true },
  collections: { [FEDERATION_YEARS]: {} },

  documentsOf(event) {
    return [{ collection: FEDERATION_YEARS, id: federationYearId(event.data.federationId, yearOf(event)) }];
  },

  evolve(doc, event, target) {
    const [federationId, year] = [
      target.id.slice(0, target.id.lastIndexOf(':')),
      Number(target.id.slice(target.id.lastIndexOf(':') + 1)),
    ];
    const current: FederationYearRecognitionDoc = doc ?? {
      federationId,
      year,
      awards: 0,
      initiatives: 0,
      valueSavedDong: 0,
    };
    switch (event.type) {
      case 'AwardGranted':
        return { ...current, awards: current.awards + 1 };
      case 'AwardRevoked':
        return { ...current, awards: current.awards - 1 };
      case 'InitiativeRecognised':
        return {
          ...current,
          initiatives: current.initiatives + 1,
          valueSavedDong: current.valueSavedDong + event.data.valueSavedDong,
        };
    }
  },
});
