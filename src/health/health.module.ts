import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HealthController } from './health.controller';
import { ReadinessCheck } from './readiness';

@Module({ imports: [AuthModule], controllers: [HealthController], providers: [ReadinessCheck] })
export class HealthModule {}
