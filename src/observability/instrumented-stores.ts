import { SpanKind } from '@opentelemetry/api';
import {
  type EventStore,
  type StoredEvent,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '../core/event-store.port';
import type { ReadStore } from '../core/read-store.port';
import type { Metrics } from './metrics';
import { AppendSpans, CORRELATION_ID, inSpan } from './telemetry';

/**
 * The event store and the read-model store as the service uses them, with a span and metrics around each
 * append and each projection batch. Everything else passes straight through.
 */
export function instrumentStores<S extends { eventStore: EventStore; readStore: ReadStore }>(
  stores: S,
  metrics: Metrics | null,
): S {
  const appendSpans = new AppendSpans();
  // The instances' own methods are replaced (not wrapped in a new object): whoever holds the store, and a
  // single `append` that goes through `appendToStreams`, is measured the same way.
  const { eventStore, readStore } = stores;
  const appendToStreams = eventStore.appendToStreams.bind(eventStore);
  eventStore.appendToStreams = (appends) => tracedAppend(appends, () => appendToStreams(appends), appendSpans, metrics);
  const applyBatch = readStore.applyBatch.bind(readStore);
  readStore.applyBatch = (namespace, projection, events, options) =>
    inSpan(
      'projection batch',
      {
        attributes: {
          'union_ledger.projection': projection.name,
          'union_ledger.namespace': namespace,
          'union_ledger.events': events.length,
          [CORRELATION_ID]: correlationIdsOf(events),
        },
        links: appendSpans.linksTo(events.map((event) => event.id)),
      },
      async (span) => {
        const checkpoint = await applyBatch(namespace, projection, events, options);
        span.setAttribute('union_ledger.checkpoint', checkpoint);
        return checkpoint;
      },
    );
  return stores;
}

async function tracedAppend<Result extends { position: number }>(
  appends: StreamAppend[],
  append: () => Promise<Result>,
  appendSpans: AppendSpans,
  metrics: Metrics | null,
): Promise<Result> {
  const events = appends.flatMap((a) => a.events);
  return inSpan(
    'event store append',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'union_ledger.streams': appends.map((a) => a.streamId),
        'union_ledger.events': events.length,
        ...(events[0] ? { [CORRELATION_ID]: events[0].metadata.correlationId } : {}),
      },
    },
    async (span) => {
      try {
        const result = await append();
        metrics?.appends.inc({ outcome: 'stored' });
        metrics?.eventsAppended.inc(events.length);
        span.setAttribute('union_ledger.position', result.position);
        appendSpans.remember(events.map((event) => event.id));
        return result;
      } catch (error) {
        metrics?.appends.inc({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'failed' });
        throw error;
      }
    },
  );
}

function correlationIdsOf(events: readonly StoredEvent[]): string[] {
  return [...new Set(events.map((event) => event.metadata.correlationId))];
}
