import {
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { principalOf } from '../auth/auth.decorators';
import { type CommandEnvelope, deterministicId } from '../core/handle-command';
import { requestIdOf } from './request-id';

/**
 * The one place that says who is recording: the principal the guard authenticated (`user:<sub>` or
 * `api-key:<id>`). No header can name the actor; `X-Actor` is ignored.
 */
export function actorOf(request: Request): string {
  const principal = principalOf(request);
  // Every command route is guarded; reaching here without a principal is a wiring mistake, refused.
  if (!principal) throw new UnauthorizedException('credentials required to record');
  return principal.id;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** Builds the command envelope from the request: actor, idempotency and correlation ids, business date. */
export function envelopeOf(_: unknown, ctx: ExecutionContext): CommandEnvelope {
  const request = ctx.switchToHttp().getRequest<Request>();
  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 characters of letters, digits, . _ : -');
  }
  const correlationId = request.header('x-correlation-id');
  if (correlationId !== undefined && !IDEMPOTENCY_KEY.test(correlationId)) {
    throw new BadRequestException('X-Correlation-Id must be 1 to 200 characters of letters, digits, . _ : -');
  }
  // Read before validation has run (parameters resolve together): take only what is already the right type,
  // so a hostile body reaches the validation pipe and its 400, not a 500 here.
  const body = (request.body ?? {}) as { occurredOn?: unknown; reason?: unknown };
  return {
    actor: actorOf(request),
    occurredOn: typeof body.occurredOn === 'string' ? body.occurredOn : '',
    // Without the header, the request's own id ties the events together (and to the request's log line and span).
    correlationId: correlationId || requestIdOf(request),
    // The request caused the events: `X-Request-Id` of the answer, `reqId` of the request's log line.
    causationId: requestIdOf(request) ?? null,
    idempotencyKey,
    // Stored composed (NFC), as the validated body's free texts are; a reason validation refuses never gets here.
    reason: typeof body.reason === 'string' ? body.reason.normalize('NFC') : undefined,
  };
}

/** The command envelope as a handler parameter; a route that takes it records events. */
export const Envelope = createParamDecorator(envelopeOf);

/** Documents the headers every command route reads. */
export function CommandHeaders() {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retrying with the same key returns the first result and records nothing new.',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Ties the events to a wider operation; generated when absent.',
    }),
  );
}

/**
 * The id of an entity a command creates when the client names none. Under an Idempotency-Key it is
 * derived from the key, so a retry names the same entity and is answered as a replay.
 */
export function newEntityId(envelope: CommandEnvelope): string {
  return envelope.idempotencyKey ? deterministicId(envelope.actor, envelope.idempotencyKey, -1) : randomUUID();
}
