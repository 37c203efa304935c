import type { DomainEvent } from '../core/decider';
import { fundBookDecider, type FundBookState, handOver } from '../funds/fund-book';
import { fundBookStream } from '../funds/funds.events';
import type { ReorganisationRecorded } from './organisation.events';

/** The federations whose fund books a reorganisation's merges read: each merged one and each that absorbs one. */
export const fundBooksReadBy = (merges: { federationId: string; intoFederationId: string }[]): string[] => [
  ...new Set(merges.flatMap((m) => [m.federationId, m.intoFederationId])),
];

/**
 * What each merge of a reorganisation records in the fund books: the merged federation's balances handed over
 * to the federation that absorbs it, on the merge date, so every đồng stays in a book and the books still
 * reconcile. Merges are taken in order, so a federation that absorbs one and then merges itself hands over both.
 */
export function handoversOf(
  recorded: ReorganisationRecorded,
  books: Record<string, FundBookState>,
): { streamId: string; events: DomainEvent[] }[] {
  const { occurredOn, reorganisationId } = recorded.data;
  const states = new Map(Object.entries(books));
  const recordedIn = new Map<string, DomainEvent[]>();
  const record = (federationId: string, event: Parameters<typeof fundBookDecider.evolve>[1]) => {
    states.set(federationId, fundBookDecider.evolve(states.get(federationId) ?? fundBookDecider.initialState, event));
    const events = recordedIn.get(federationId) ?? [];
    events.push(event);
    recordedIn.set(federationId, events);
  };
  for (const { federationId, intoFederationId } of recorded.data.merged) {
    const book = states.get(federationId) ?? fundBookDecider.initialState;
    const { handedOver, takenOver } = handOver(book, {
      federationId,
      intoFederationId,
      occurredOn,
      entryPrefix: `handover-${reorganisationId}`,
    });
    for (const event of handedOver) record(federationId, event);
    for (const event of takenOver) record(intoFederationId, event);
  }
  return [...recordedIn].map(([federationId, events]) => ({ streamId: fundBookStream(federationId), events }));
}
