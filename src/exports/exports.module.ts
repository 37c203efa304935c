import { Module } from '@nestjs/common';
import type { EventStore } from '../core/event-store.port';
import { EVENT_STORE } from '../core/event-store.port';
import { CLOCK, type Clock, EVENT_STORE_TRAITS, type EventStoreTraits } from '../infrastructure/stores.module';
import { LedgerIntegrity } from '../integrity/ledger-integrity';
import { ReadModelAccess } from '../read-models/read-model-access';
import { VerificationModule } from '../verification/verification.module';
import { EXPORT_INTEGRITY, ExportsController } from './exports.controller';

/**
 * Files for people: ledger and membership CSV, and the evidence pack for an audit. The integrity module's
 * own instance is not exported past the event store module, so the exports build one over the same store
 * for reading and verifying only (it never seals: that stays with the integrity module's scheduler).
 */
@Module({
  imports: [VerificationModule],
  providers: [
    ReadModelAccess,
    {
      provide: EXPORT_INTEGRITY,
      inject: [EVENT_STORE, CLOCK, EVENT_STORE_TRAITS],
      useFactory: (store: EventStore, clock: Clock, traits: EventStoreTraits) =>
        new LedgerIntegrity(store, clock, traits.densePositions, { everyEvents: 0, everySeconds: 0 }),
    },
  ],
  controllers: [ExportsController],
})
export class ExportsModule {}
