import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import type { UnionDirectory } from '../organisation/union-directory.port';
import { unionsOf } from '../../projections/membership/membership.queries';
import { ReadModelAccess } from './read-model-access';

/** The union directory over the membership read model, read once it has applied everything recorded so far. */
@Injectable()
export class ReadModelUnionDirectory implements UnionDirectory {
  constructor(
    private readonly access: ReadModelAccess,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async unionsOf(federationId: string, date: string): Promise<string[]> {
    await this.access.prepare({ consistentWith: await this.events.headPosition() }, ['membership']);
    const reader = this.access.reader('membership');
    const [then, now] = await Promise.all([
      unionsOf(reader, federationId, { asOf: date }),
      unionsOf(reader, federationId),
    ]);
    return [...new Set([...then, ...now].map((union) => union.unionId))];
  }
}
