import { context, type Link, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { messageOf } from '../core/error-message';

/** Every span of the service comes from this tracer; without an SDK registered it is a no-op and costs next to nothing. */
export const tracer = () => trace.getTracer('union-ledger');

/** The correlation id on a span, under one attribute name everywhere. */
export const CORRELATION_ID = 'union_ledger.correlation_id';

/** Runs `work` inside a new span (a child of the active one), ending it with the outcome. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | string[]>; links?: Link[] },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Remembers which span appended which event, so the projection batch that applies an event can link
 * to it: the batch runs later, in the projection's own flow, not inside the request. Bounded: a projection
 * far behind simply gets no link for what it applies.
 */
export class AppendSpans {
  private readonly byEvent = new Map<string, Link['context']>();

  constructor(private readonly capacity = 10_000) {}

  /** Called inside the append's span, with the ids of the events it stored. */
  remember(eventIds: readonly string[]): void {
    const span = trace.getSpan(context.active());
    if (!span || !span.isRecording()) return;
    for (const id of eventIds) this.byEvent.set(id, span.spanContext());
    for (const oldest of this.byEvent.keys()) {
      if (this.byEvent.size <= this.capacity) break;
      this.byEvent.delete(oldest);
    }
  }

  /** One link per append span among the events' ids (an append of several events links once). */
  linksTo(eventIds: readonly string[]): Link[] {
    const seen = new Set<string>();
    const links: Link[] = [];
    for (const id of eventIds) {
      const spanContext = this.byEvent.get(id);
      if (!spanContext || seen.has(spanContext.spanId)) continue;
      seen.add(spanContext.spanId);
      links.push({ context: spanContext, attributes: { 'union_ledger.event_id': id } });
    }
    return links;
  }
}

export { SpanKind };
