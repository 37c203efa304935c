import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { validateConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { EventStoreModule } from './infrastructure/event-store.module';
import { OrganisationModule } from './organisation/organisation.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateConfig, ignoreEnvFile: true }),
    LoggerModule.forRoot({
      pinoHttp: {
        level: process.env.LOG_LEVEL ?? 'info',
        // Idempotency keys and bodies are not logged: bodies carry personal data.
        redact: ['req.headers.authorization', 'req.headers.cookie'],
      },
    }),
    CqrsModule.forRoot(),
    EventStoreModule,
    HealthModule,
    HistoryModule,
    OrganisationModule,
  ],
})
export class AppModule {}
