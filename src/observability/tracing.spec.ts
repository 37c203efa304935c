import { trace } from '@opentelemetry/api';
import { startTracing } from './tracing';

describe('startTracing', () => {
  afterEach(() => trace.disable());

  it('stays off without OTEL_EXPORTER_OTLP_ENDPOINT: spans are no-ops', () => {
    expect(startTracing({})).toBeNull();
    expect(trace.getTracer('union-ledger').startSpan('x').isRecording()).toBe(false);
  });

  it('starts the SDK with the OTLP exporter when the endpoint is set, and stops it', async () => {
    const stop = startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(stop).not.toBeNull();
    expect(trace.getTracer('union-ledger').startSpan('x').isRecording()).toBe(true);
    await stop!();
  });
});
