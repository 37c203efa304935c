import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { positionOf } from '../core/position-or-instant';
import { ProjectionRunner } from '../core/projection-runner';
import { type ProjectionReader, projectionReader } from '../core/projection-reader';
import { READ_STORE, type ReadAt, type ReadStore } from '../core/read-store.port';
import type { ReadAtQueryDto } from './read-at.dto';

/** How long a query waits for `consistentWith` before answering 503. */
export const CONSISTENCY_WAIT_MS = 5000;

/** The read model has not reached the position the client asked to see. */
export class ReadModelBehind extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
  ) {
    super(`the ${projection} read model has not yet caught up with position ${position}; retry shortly`);
    this.name = 'ReadModelBehind';
  }
}

/**
 * The query side's one entry point: turns `asOf` / `knownAt` / `consistentWith` into a `ReadAt`,
 * waits for read-your-writes, and hands out readers of live projections.
 */
@Injectable()
export class ReadModelAccess {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  reader(projection: string): ProjectionReader {
    return projectionReader(this.store, projection);
  }

  /** Waits for `consistentWith` on every projection named, then resolves the time-travel point. */
  async prepare(query: ReadAtQueryDto, projections: readonly string[]): Promise<ReadAt> {
    if (query.consistentWith !== undefined) {
      for (const projection of projections) {
        const caughtUp = await this.runner.waitFor(projection, query.consistentWith, CONSISTENCY_WAIT_MS);
        if (!caughtUp) throw new ReadModelBehind(projection, query.consistentWith);
      }
    }
    return { asOf: query.asOf, knownAt: await this.knownAtPosition(query.knownAt) };
  }

  private async knownAtPosition(knownAt: string | undefined): Promise<number | undefined> {
    return knownAt === undefined ? undefined : positionOf('knownAt', knownAt, this.events);
  }
}
