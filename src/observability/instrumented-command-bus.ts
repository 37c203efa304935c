import { SpanKind } from '@opentelemetry/api';
import type { CommandBus } from '@nestjs/cqrs';
import { DomainError, RuleBroken } from '../core/domain-error';
import type { CommandEnvelope, CommandOutcome } from '../core/handle-command';
import { StoreUnavailableError } from '../core/event-store.port';
import type { Metrics } from './metrics';
import { CORRELATION_ID, inSpan } from './telemetry';

/** What every command the controllers send carries: the domain command (with its `type`) and its envelope. */
interface SentCommand {
  command?: { type?: unknown };
  envelope?: CommandEnvelope;
}

/**
 * Counts every command by type and outcome and runs it in a span under the request's. Wraps the bus's
 * `execute` (the one door every command goes through) rather than each handler, so a new command is
 * measured without anyone remembering to.
 */
export function instrumentCommandBus(bus: CommandBus, metrics: Metrics): void {
  const execute = bus.execute.bind(bus) as (sent: object) => Promise<unknown>;
  const instrumented = (sent: object): Promise<unknown> => {
    const { command, envelope } = sent as SentCommand;
    const type = typeof command?.type === 'string' ? command.type : sent.constructor.name;
    return inSpan(
      `command ${type}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'union_ledger.command': type,
          ...(envelope?.correlationId ? { [CORRELATION_ID]: envelope.correlationId } : {}),
        },
      },
      async (span) => {
        try {
          const outcome = (await execute(sent)) as CommandOutcome | undefined;
          metrics.commands.inc({ type, outcome: outcome?.replayed ? 'replayed' : 'accepted', rule: '' });
          return outcome;
        } catch (error) {
          const { outcome, rule } = outcomeOf(error);
          metrics.commands.inc({ type, outcome, rule });
          span.setAttribute('union_ledger.outcome', outcome);
          if (rule) span.setAttribute('union_ledger.rule', rule);
          throw error;
        }
      },
    );
  };
  (bus as unknown as { execute: typeof instrumented }).execute = instrumented;
}

function outcomeOf(error: unknown): { outcome: string; rule: string } {
  if (error instanceof RuleBroken) return { outcome: 'refused', rule: error.rule };
  if (error instanceof DomainError) return { outcome: 'not_found', rule: '' };
  if (error instanceof StoreUnavailableError) return { outcome: 'unavailable', rule: '' };
  return { outcome: 'failed', rule: '' };
}
