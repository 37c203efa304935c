import type Database from 'better-sqlite3';
import type { EventStore, EventToAppend } from '../src/core/event-store.port';
import { SqlitePersonalDataKeys } from '../src/infrastructure/sqlite/sqlite-personal-data-keys';
import type { PersonalData } from '../src/membership/membership.events';
import { sealPersonalData } from '../src/privacy/personal-data-cipher';
import type { HistoryAppend } from './history-generator';

/**
 * Writes generated appends through the port as the service would have stored them: a member's personal
 * data sealed with that member's key (kept in the same file, as the service does), and the key destroyed
 * when the member is forgotten. Without this the log would hold plain names the service never stores.
 */
export class SealingWriter {
  private readonly keys: SqlitePersonalDataKeys;

  constructor(
    private readonly store: EventStore,
    db: Database.Database,
  ) {
    this.keys = new SqlitePersonalDataKeys(db, { eventsInSameFile: true });
  }

  async append(append: HistoryAppend): Promise<void> {
    const events = await Promise.all(append.events.map((event) => this.seal(event)));
    await this.store.append(append.streamId, events, append.expectedRevision);
    for (const event of append.events) {
      if (event.type === 'MemberForgotten') await this.keys.destroyKey(String(event.data.memberId));
    }
  }

  private async seal(event: EventToAppend): Promise<EventToAppend> {
    if (event.type !== 'MemberJoined') return event;
    const memberId = String(event.data.memberId);
    const key = await this.keys.keyFor(memberId);
    const personal = sealPersonalData(key, memberId, event.data.personal as PersonalData);
    return { ...event, data: { ...event.data, personal } };
  }
}
