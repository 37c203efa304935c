import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Every setting the service reads, with its default. Validated once at start-up. */
export class AppConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  SQLITE_PATH: string = './data/union-ledger.sqlite';

  /** FULL: an acknowledged append survives power loss; NORMAL: only a process crash. */
  @IsIn(['FULL', 'NORMAL'])
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Largest JSON body accepted; larger requests get 413. */
  @IsString()
  BODY_LIMIT: string = '64kb';

  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * Shared secret for HS256 bearer tokens; at least 32 characters. With neither this nor
   * JWT_PUBLIC_KEY, bearer tokens are refused and only API keys authenticate.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** PEM public key (RS256, ES256 or PS256) of the identity provider that signs bearer tokens. */
  @IsOptional()
  @IsString()
  @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'JWT_PUBLIC_KEY must be a PEM public key' })
  JWT_PUBLIC_KEY?: string;

  /** When set, a token's `iss` must equal it. */
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  /** When set, a token's `aud` must include it. */
  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  /** Requests one client address may make per THROTTLE_TTL_SECONDS before 429; 0 turns limiting off. */
  @IsInt()
  @Min(0)
  THROTTLE_LIMIT: number = 3000;

  @IsInt()
  @Min(1)
  @Max(86400)
  THROTTLE_TTL_SECONDS: number = 60;
}

/** Settings whose values never appear in a message, even when they are wrong. */
const SECRETS = new Set(['JWT_SECRET']);

/** For ConfigModule: turns the environment into an AppConfig or fails start-up with every problem named. */
export function validateConfig(environment: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, environment, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const problems = errors.map(
      (e) =>
        `${e.property}=${SECRETS.has(e.property) ? '(hidden)' : String(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
