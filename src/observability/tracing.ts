import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * Starts the OpenTelemetry Node SDK with the OTLP (HTTP) trace exporter when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set, before the application is created; otherwise tracing stays off and every span is a no-op. The
 * exporter reads the standard `OTEL_*` variables (endpoint, headers, `OTEL_SERVICE_NAME`…). Returns what
 * flushes and stops it, for the graceful stop.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): (() => Promise<void>) | null {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'union-ledger',
    traceExporter: new OTLPTraceExporter(),
    // The service makes its own spans (request, command, append, projection batch); no auto-instrumentation.
    instrumentations: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
