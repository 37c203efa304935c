import type { StoredEvent } from '../../src/core/event-store.port';
import type { DocumentRef, Projection } from '../../src/core/projection';

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

type Data = Record<string, unknown> & { occurredOn: string };

export const recognitionProjection: Projection = {
  name: 'recognition',
  version: 1,
  eventTypes: ['AwardGranted', 'AwardRevoked', 'InitiativeRecognised'],
  collections: { [FEDERATION_YEARS]: {} },

  documentsOf(event: StoredEvent): DocumentRef[] {
    const d = event.data as Data;
    const year = event.type === 'InitiativeRecognised' ? Number(d.occurredOn.slice(0, 4)) : Number(d.year);
    return [{ collection: FEDERATION_YEARS, id: federationYearId(String(d.federationId), year) }];
  },

  evolve(doc: unknown, event: StoredEvent, target: DocumentRef): unknown {
    const d = event.data as Data;
    const [federationId, year] = [
      target.id.slice(0, target.id.lastIndexOf(':')),
      Number(target.id.slice(target.id.lastIndexOf(':') + 1)),
    ];
    const current: FederationYearRecognitionDoc = (doc as FederationYearRecognitionDoc | null) ?? {
      federationId,
      year,
      awards: 0,
      initiatives: 0,
      valueSavedDong: 0,
    };
    switch (event.type) {
      case 'AwardGranted':
      case 'AwardRevoked':
        return { ...current, awards: current.awards + (event.type === 'AwardGranted' ? 1 : -1) };
      case 'InitiativeRecognised':
        return {
          ...current,
          initiatives: current.initiatives + 1,
          valueSavedDong: current.valueSavedDong + Number(d.valueSavedDong),
        };
      default:
        return doc;
    }
  },
};
