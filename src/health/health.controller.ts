import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { READ_STORE, type ReadStore } from '../core/read-store.port';

/** Open to anyone and never rate limited: load balancers and orchestrators poll it. */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStore(), () => this.readModelStore()]);
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('eventStore');
    try {
      return check.up({ headPosition: await this.store.headPosition() });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Reachable, whatever it holds: the read-model store answers a read of its catalogue. */
  private async readModelStore(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('readStore');
    try {
      return check.up({ namespaces: (await this.readStore.namespaces()).length });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
