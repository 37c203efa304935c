import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '../http/request-logging';
import { correlationIdOf } from '../http/request-id';
import type { Metrics } from './metrics';
import { CORRELATION_ID, tracer } from './telemetry';

/**
 * Express middleware: one server span per request (the parent of the command, append and read spans made
 * while it is handled) and its duration in the latency histogram, by matched route and status. The route
 * is the pattern (`/members/:id`), never the path, so ids do not explode the label values.
 */
export function httpTelemetry(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const span = tracer().startSpan(`HTTP ${request.method}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, [CORRELATION_ID]: correlationIdOf(request) },
    });
    response.once('finish', () => {
      const route = request.route ? routeOf(request) : 'unmatched';
      const status = response.statusCode;
      metrics.httpDuration.observe(
        { method: request.method, route, status: String(status) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      span.updateName(`HTTP ${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}
