import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { type CommandEnvelope, deterministicId } from '../core/handle-command';

/**
 * The one place that says who is recording. Until authentication lands, the actor comes from the
 * `X-Actor` header and defaults to `anonymous`; the security work replaces only this function.
 */
export function actorOf(request: Request): string {
  const header = request.header('x-actor')?.trim();
  return header ? header.slice(0, 200) : 'anonymous';
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** Builds the command envelope from the request: actor, idempotency and correlation ids, business date. */
export const Envelope = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandEnvelope => {
  const request = ctx.switchToHttp().getRequest<Request>();
  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new BadRequestException('Idempotency-Key must be 1 to 200 characters of letters, digits, . _ : -');
  }
  const body = (request.body ?? {}) as { occurredOn?: string; reason?: string };
  return {
    actor: actorOf(request),
    occurredOn: String(body.occurredOn),
    correlationId: request.header('x-correlation-id') || undefined,
    idempotencyKey,
    reason: body.reason,
  };
});

/** Documents the headers every command route reads. */
export function CommandHeaders() {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Retrying with the same key returns the first result and records nothing new.',
    }),
    ApiHeader({
      name: 'X-Actor',
      required: false,
      description: 'Who records (until authentication lands); defaults to anonymous.',
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
