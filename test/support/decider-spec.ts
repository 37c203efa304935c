import { type DecisionContext, type Decider, type DomainEvent, fold } from '../../src/core/decider';
import { DomainError, RuleBroken } from '../../src/core/domain-error';

/**
 * Given / when / then for deciders:
 *   spec(decider).given([...events]).when(command, { occurredOn }, lookups).then([...events])
 *   ... .thenRefuses('rule.name')  or  .thenNotFound()
 */
export function spec<State, Command, Event extends DomainEvent, Lookups>(
  decider: Decider<State, Command, Event, Lookups>,
  defaults: Partial<DecisionContext> = {},
) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command, context: Partial<DecisionContext> = {}, lookups: Lookups = {} as Lookups) {
          const decide = () =>
            decider.decide(
              command,
              fold(decider, events),
              { occurredOn: '2024-01-15', today: '2026-01-01', ...defaults, ...context },
              lookups,
            );
          return {
            then(expected: Event[]) {
              expect(decide()).toEqual(expected);
            },
            thenRefuses(rule: string) {
              const error = captured(decide);
              expect(error).toBeInstanceOf(RuleBroken);
              expect((error as RuleBroken).rule).toBe(rule);
            },
            thenNotFound(entity?: string) {
              const error = captured(decide);
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).kind).toBe('not_found');
              if (entity) expect((error as Error).message).toContain(entity);
            },
          };
        },
      };
    },
  };
}

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the decider to refuse the command, but it accepted it');
}
