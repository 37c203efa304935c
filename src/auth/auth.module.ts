import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { AUTH_SETTINGS, authSettingsFrom, THROTTLE_SETTINGS, type ThrottleSettings } from './auth-settings';
import { Authenticator } from './authenticator';
import { CredentialsController } from './credentials.controller';
import { OrganisationLookup } from './organisation-lookup';

/** Key material and limits, from configuration; tests replace these two providers. */
@Global()
@Module({
  providers: [
    {
      provide: AUTH_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        authSettingsFrom({
          JWT_SECRET: config.get('JWT_SECRET', { infer: true }),
          JWT_PUBLIC_KEY: config.get('JWT_PUBLIC_KEY', { infer: true }),
          JWT_ISSUER: config.get('JWT_ISSUER', { infer: true }),
          JWT_AUDIENCE: config.get('JWT_AUDIENCE', { infer: true }),
        }),
    },
    {
      provide: THROTTLE_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>): ThrottleSettings => ({
        limit: config.get('THROTTLE_LIMIT', { infer: true }),
        ttlSeconds: config.get('THROTTLE_TTL_SECONDS', { infer: true }),
      }),
    },
  ],
  exports: [AUTH_SETTINGS, THROTTLE_SETTINGS],
})
export class AuthSettingsModule {}

/**
 * Authentication and authorisation for every route: rate limiting first (so guessing keys is slow too),
 * then credentials, roles and a recorder's federation scope. Guards run in the order registered here.
 */
@Module({
  imports: [
    AuthSettingsModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      imports: [AuthSettingsModule],
      inject: [THROTTLE_SETTINGS],
      useFactory: ({ limit, ttlSeconds }: ThrottleSettings) => ({
        throttlers: [{ ttl: ttlSeconds * 1000, limit: Math.max(limit, 1) }],
        skipIf: () => limit === 0,
        // One budget per client address across every route (the default counts each route apart, which
        // would let a key guesser multiply its attempts by the number of routes).
        generateKey: (_context, tracker, throttler) => `${throttler}:${tracker}`,
        errorMessage: 'too many requests from this address; retry after the seconds in Retry-After',
      }),
    }),
  ],
  controllers: [CredentialsController],
  providers: [
    Authenticator,
    OrganisationLookup,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  // The health routes are public, yet show details to an admin who sends credentials.
  exports: [Authenticator],
})
export class AuthModule {}
