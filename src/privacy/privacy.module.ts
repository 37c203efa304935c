import type Database from 'better-sqlite3';
import { Module } from '@nestjs/common';
import { SQLITE_DATABASE } from '../infrastructure/event-store.module';
import { SqlitePersonalDataKeys } from '../infrastructure/sqlite/sqlite-personal-data-keys';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from './personal-data-keys.port';

/** The personal-data key store, beside the events in the same SQLite file by default. */
@Module({
  providers: [
    {
      provide: PERSONAL_DATA_KEYS,
      inject: [SQLITE_DATABASE],
      useFactory: (db: Database.Database): PersonalDataKeys => new SqlitePersonalDataKeys(db),
    },
  ],
  exports: [PERSONAL_DATA_KEYS],
})
export class PrivacyModule {}
