import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { IntegrityController } from './integrity.controller';
import { sealScheduleFrom } from './integrity-settings';
import { LEDGER_INTEGRITY, LedgerIntegrity } from './ledger-integrity';

/** How often the scheduler asks whether a seal is due. */
const CHECK_EVERY_MS = 5000;

/**
 * Tamper evidence in the service: the verification, digest and seal routes, and the scheduler that seals
 * the log on its own (see `integrity-settings.ts`). Registered by the event store module, which passes
 * its clock and driver traits (importing them here would make the two modules import each other).
 */
@Module({})
export class IntegrityModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(@Inject(LEDGER_INTEGRITY) private readonly integrity: LedgerIntegrity) {}

  static register(tokens: { clock: symbol; traits: symbol }): DynamicModule {
    return {
      module: IntegrityModule,
      controllers: [IntegrityController],
      providers: [
        {
          provide: LEDGER_INTEGRITY,
          // Without the configuration module (a test module of the store alone), the environment is read directly.
          inject: [EVENT_STORE, tokens.clock, tokens.traits, { token: ConfigService, optional: true }],
          useFactory: (
            store: EventStore,
            clock: () => Date,
            traits: { densePositions: boolean },
            config: ConfigService | undefined,
          ) =>
            new LedgerIntegrity(
              store,
              clock,
              traits.densePositions,
              sealScheduleFrom(
                config
                  ? {
                      INTEGRITY_SEAL_EVERY_EVENTS: config.get<string>('INTEGRITY_SEAL_EVERY_EVENTS'),
                      INTEGRITY_SEAL_EVERY_SECONDS: config.get<string>('INTEGRITY_SEAL_EVERY_SECONDS'),
                    }
                  : process.env,
              ),
            ),
        },
      ],
      exports: [LEDGER_INTEGRITY],
    };
  }

  onApplicationBootstrap(): void {
    const { everyEvents, everySeconds } = this.integrity.schedule;
    if (everyEvents <= 0 && everySeconds <= 0) return;
    const every = everySeconds > 0 ? Math.min(CHECK_EVERY_MS, everySeconds * 1000) : CHECK_EVERY_MS;
    this.timer = setInterval(() => this.tick(), every);
    // The scheduler alone never keeps a process (a CLI, a test) alive.
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.integrity
      .sealIfDue()
      .then((seals) => {
        for (const seal of seals) {
          this.logger.log(`sealed positions ${seal.fromPosition + 1}–${seal.toPosition} (${seal.count} events)`);
        }
      })
      .catch((error: unknown) => this.logger.error(`sealing failed: ${error instanceof Error ? error.message : error}`))
      .finally(() => (this.running = null));
  }
}
