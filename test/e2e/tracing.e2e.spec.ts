import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { HA_NOI } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const CORRELATION = 'union_ledger.correlation_id';

/** The spans the service makes, exported to memory: the OTLP exporter's place when tracing is on. */
describe('traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let t: TestApp;

  beforeAll(async () => {
    provider.register();
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  /** Waits (boundedly) for a projection batch linked to the append: projections apply in the background. */
  async function batchLinkedTo(append: ReadableSpan): Promise<ReadableSpan | undefined> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const batch = exporter
        .getFinishedSpans()
        .find(
          (span) =>
            span.name === 'projection batch' &&
            span.links.some((link) => link.context.spanId === append.spanContext().spanId),
        );
      if (batch) return batch;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }

  it('follow a command from the HTTP request through the append to the projection batch that applied it', async () => {
    const res = await t.http().post('/federations').set('X-Correlation-Id', 'trace-test-1').send(HA_NOI).expect(201);
    const spans = exporter.getFinishedSpans();

    const request = spans.find((span) => span.name === 'HTTP POST /federations');
    expect(request).toBeDefined();
    expect(request!.kind).toBe(SpanKind.SERVER);
    expect(request!.attributes).toMatchObject({ [CORRELATION]: 'trace-test-1', 'http.response.status_code': 201 });

    const command = spans.find((span) => span.name === 'command RegisterFederation');
    expect(command?.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    expect(command!.attributes[CORRELATION]).toBe('trace-test-1');

    const append = spans.find(
      (span) => span.name === 'event store append' && span.parentSpanContext?.spanId === command!.spanContext().spanId,
    );
    expect(append).toBeDefined();
    expect(append!.spanContext().traceId).toBe(request!.spanContext().traceId);
    expect(append!.attributes).toMatchObject({
      [CORRELATION]: 'trace-test-1',
      'union_ledger.position': res.body.position,
    });

    const batch = await batchLinkedTo(append!);
    expect(batch).toBeDefined();
    expect(batch!.attributes[CORRELATION]).toEqual(expect.arrayContaining(['trace-test-1']));
    expect(batch!.attributes['union_ledger.checkpoint']).toBeGreaterThanOrEqual(res.body.position);
  });

  it('records a refusal on the command span with its rule id', async () => {
    await t.http().post('/federations').send(HA_NOI).expect(409);
    const refused = exporter
      .getFinishedSpans()
      .filter((span) => span.name === 'command RegisterFederation')
      .find((span) => span.attributes['union_ledger.outcome'] === 'refused');
    expect(refused?.attributes['union_ledger.rule']).toBe('federation.already-registered');
  });

  it('names the request as the cause of the events a command records', async () => {
    const res = await t
      .http()
      .post('/federations')
      .send({ ...HA_NOI, id: 'hai-phong', name: 'LĐLĐ thành phố Hải Phòng' })
      .expect(201);
    const requestId = res.headers['x-request-id'] as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [event] = await t.store.readStream('federation-hai-phong');
    expect(event.metadata.causationId).toBe(requestId);
    // Without X-Correlation-Id, the request's id correlates too.
    expect(event.metadata.correlationId).toBe(requestId);
  });
});
