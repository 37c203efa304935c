import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { type AppConfig, validateConfig } from './config/app-config';
import { ClustersModule } from './clusters/clusters.module';
import { CommandsModule } from './commands/commands.module';
import { ExportsModule } from './exports/exports.module';
import { DemocracyModule } from './democracy/democracy.module';
import { FundsModule } from './funds/funds.module';
import { MembershipModule } from './membership/membership.module';
import { RecognitionModule } from './recognition/recognition.module';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { StoresModule } from './infrastructure/stores.module';
import { requestLoggingOptions } from './http/request-logging';
import { ObservabilityModule } from './observability/observability.module';
import { OrganisationModule } from './organisation/organisation.module';
import { ProjectionsRuntimeModule } from './projections-runtime/projections-runtime.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { ALL_PROJECTIONS } from '../projections';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateConfig, ignoreEnvFile: true }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        pinoHttp: requestLoggingOptions(config.get('LOG_LEVEL', { infer: true })),
      }),
    }),
    CqrsModule.forRoot(),
    ObservabilityModule,
    StoresModule,
    AuthModule,
    CommandsModule,
    ProjectionsRuntimeModule.forRoot(ALL_PROJECTIONS),
    ReadModelsModule,
    HealthModule,
    HistoryModule,
    OrganisationModule,
    MembershipModule,
    FundsModule,
    RecognitionModule,
    DemocracyModule,
    ClustersModule,
    ExportsModule,
  ],
})
export class AppModule {}
