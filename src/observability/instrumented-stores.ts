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
  return {
    ...stores,
    eventStore: intercept(stores.eventStore, {
      appendToStreams: (inner: EventStore['appendToStreams']) => (appends: StreamAppend[]) =>
        tracedAppend(appends, () => inner(appends), appendSpans, metrics),
      append:
        (inner: EventStore['append']): EventStore['append'] =>
        (streamId, events, expectedRevision) =>
          tracedAppend(
            [{ streamId, events, expectedRevision }],
            () => inner(streamId, events, expectedRevision),
            appendSpans,
            metrics,
          ),
    }),
    readStore: intercept(stores.readStore, {
      applyBatch:
        (inner: ReadStore['applyBatch']): ReadStore['applyBatch'] =>
        (namespace, projection, events, options) =>
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
              const checkpoint = await inner(namespace, projection, events, options);
              span.setAttribute('union_ledger.checkpoint', checkpoint);
              return checkpoint;
            },
          ),
    }),
  };
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

/** The object with some methods replaced (each given the original, bound); the rest untouched. */
function intercept<T extends object>(target: T, replacements: { [K in keyof T]?: (inner: T[K]) => T[K] }): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const replace = replacements[property as keyof T];
      if (!wrapped.has(property)) {
        const bound = (value as (...args: unknown[]) => unknown).bind(object) as T[keyof T];
        wrapped.set(property, replace ? replace(bound) : bound);
      }
      return wrapped.get(property);
    },
  });
}
