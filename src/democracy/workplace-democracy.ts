import { assertNotInFuture, isBusinessDate, yearOf } from '../core/business-date';
import { assertNever, type Decider } from '../core/decider';
import { RuleBroken } from '../core/domain-error';
import type { UnionSector } from '../organisation/organisation.events';
import { assertUnionActiveOn, type UnionState } from '../organisation/union';
import type { ConferenceKind, DemocracyEvent } from './democracy.events';

/** Democracy at work (dân chủ ở cơ sở) of one grassroots union. */
export interface WorkplaceDemocracyState {
  /** Date each conference was held, keyed by `conferenceKey(year, kind)`. */
  conferences: Record<string, string>;
  /** Date each agreement was signed, keyed by agreement id. */
  agreements: Record<string, string>;
}

export type WorkplaceDemocracyCommand =
  | { type: 'HoldConference'; unionId: string; year: number; kind: ConferenceKind }
  | {
      type: 'SignAgreement';
      unionId: string;
      agreementId: string;
      title: string;
      validFrom: string;
      validUntil: string | null;
    };

/** The union the stream belongs to, as it stood on the business date, read by the command layer. */
export interface WorkplaceDemocracyLookups {
  union?: UnionState;
}

export const initialWorkplaceDemocracyState: WorkplaceDemocracyState = { conferences: {}, agreements: {} };

/** Only units of the public sector have civil servants and public employees (cán bộ, công chức, viên chức). */
const CIVIL_SERVICE_SECTORS: readonly UnionSector[] = ['public-administration', 'public-service'];

const conferenceKey = (year: number, kind: ConferenceKind) => `${year}:${kind}`;

export const workplaceDemocracyDecider: Decider<
  WorkplaceDemocracyState,
  WorkplaceDemocracyCommand,
  DemocracyEvent,
  WorkplaceDemocracyLookups
> = {
  initialState: initialWorkplaceDemocracyState,

  evolve(state, event) {
    switch (event.type) {
      case 'ConferenceHeld':
        return {
          ...state,
          conferences: {
            ...state.conferences,
            [conferenceKey(event.data.year, event.data.kind)]: event.data.occurredOn,
          },
        };
      case 'AgreementSigned':
        return { ...state, agreements: { ...state.agreements, [event.data.agreementId]: event.data.occurredOn } };
      default:
        return assertNever(event);
    }
  },

  decide(command, state, { occurredOn, today }, lookups) {
    assertNotInFuture(occurredOn, today);
    const union = assertUnionActiveOn(lookups.union, command.unionId, occurredOn);
    switch (command.type) {
      case 'HoldConference': {
        if (command.year !== yearOf(occurredOn)) {
          throw new RuleBroken(
            'conference.year',
            `a conference for ${command.year} cannot be held on ${occurredOn}: the year must be that of occurredOn`,
          );
        }
        if (command.kind === 'civil-servants' && !CIVIL_SERVICE_SECTORS.includes(union.sector)) {
          throw new RuleBroken(
            'conference.kind-sector',
            `union '${union.id}' is in the ${union.sector} sector; civil-servant conferences are held only in ` +
              `public administration or public service units, record a workers conference instead`,
          );
        }
        const heldOn = state.conferences[conferenceKey(command.year, command.kind)];
        if (heldOn !== undefined) {
          throw new RuleBroken(
            'conference.already-held',
            `union '${union.id}' already held its ${command.kind} conference for ${command.year} on ${heldOn}`,
          );
        }
        return [
          {
            type: 'ConferenceHeld',
            data: {
              occurredOn,
              unionId: union.id,
              federationId: union.federationId,
              year: command.year,
              kind: command.kind,
            },
          },
        ];
      }
      case 'SignAgreement': {
        const signedOn = state.agreements[command.agreementId];
        if (signedOn !== undefined) {
          throw new RuleBroken(
            'agreement.already-signed',
            `agreement '${command.agreementId}' of union '${union.id}' was already signed on ${signedOn}; ` +
              `use a new id for a new agreement`,
          );
        }
        // An agreement may take effect after signing, but not before the union existed.
        if (!isBusinessDate(command.validFrom) || command.validFrom < union.foundedOn) {
          throw new RuleBroken(
            'agreement.valid-from',
            `validFrom ${command.validFrom} must be a date written YYYY-MM-DD, not before union '${union.id}' ` +
              `was founded (${union.foundedOn})`,
          );
        }
        if (
          command.validUntil !== null &&
          !(isBusinessDate(command.validUntil) && command.validUntil > command.validFrom)
        ) {
          throw new RuleBroken(
            'agreement.validity',
            `validUntil ${command.validUntil} must be a date written YYYY-MM-DD after validFrom ${command.validFrom}`,
          );
        }
        return [
          {
            type: 'AgreementSigned',
            data: {
              occurredOn,
              unionId: union.id,
              federationId: union.federationId,
              agreementId: command.agreementId,
              title: command.title,
              validFrom: command.validFrom,
              validUntil: command.validUntil,
            },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },
};
