import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

/** Every setting the service reads, with its default. Validated once at start-up. */
export class AppConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Where the event log lives: the embedded SQLite file, or a KurrentDB cluster (`KURRENTDB_URL`). */
  @IsIn(['sqlite', 'kurrentdb'], { message: 'EVENT_STORE must be sqlite (embedded) or kurrentdb' })
  EVENT_STORE: 'sqlite' | 'kurrentdb' = 'sqlite';

  /**
   * Where read models live, and with them the API keys and members' personal-data keys: the embedded
   * SQLite file, or a MongoDB replica set (`MONGODB_URL`) that several API instances share.
   */
  @IsIn(['sqlite', 'mongodb'], { message: 'READ_STORE must be sqlite (embedded) or mongodb' })
  READ_STORE: 'sqlite' | 'mongodb' = 'sqlite';

  @IsString()
  SQLITE_PATH: string = './data/union-ledger.sqlite';

  /** Required with EVENT_STORE=kurrentdb, e.g. `kurrentdb://kurrentdb:2113?tls=false`. */
  @ValidateIf((config: AppConfig) => config.EVENT_STORE === 'kurrentdb' || config.KURRENTDB_URL !== undefined)
  @Matches(/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/, {
    message:
      'KURRENTDB_URL must be a KurrentDB connection string such as kurrentdb://localhost:2113?tls=false (required when EVENT_STORE=kurrentdb)',
  })
  KURRENTDB_URL?: string;

  /**
   * The KurrentDB server's `MaxAppendSize` in bytes (1 MiB unless the server was configured otherwise): appends
   * estimated larger are refused before they are sent, and the migration cuts its appends below it.
   */
  @IsInt()
  @Min(1024)
  KURRENTDB_MAX_APPEND_SIZE: number = 1_048_576;

  /** Required with READ_STORE=mongodb; transactions need a replica set, e.g. `mongodb://mongo:27017/?replicaSet=rs0`. */
  @ValidateIf((config: AppConfig) => config.READ_STORE === 'mongodb' || config.MONGODB_URL !== undefined)
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, {
    message:
      'MONGODB_URL must be a MongoDB connection string such as mongodb://localhost:27017/?replicaSet=rs0&directConnection=true (required when READ_STORE=mongodb)',
  })
  MONGODB_URL?: string;

  /** The MongoDB database that holds read models, API keys and personal-data keys. */
  @Matches(/^[A-Za-z0-9_-]{1,63}$/, { message: 'MONGODB_DATABASE must be 1–63 letters, digits, _ or -' })
  MONGODB_DATABASE: string = 'union_ledger';

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

  /**
   * Several instances on the same stores: each projection is applied by the one instance holding its lease, renewed
   * every third of this; when that instance dies, another takes over within this time (and a third).
   */
  @IsInt({ message: 'PROJECTION_LEASE_TTL_SECONDS must be a whole number of seconds' })
  @Min(1)
  @Max(3600)
  PROJECTION_LEASE_TTL_SECONDS: number = 15;

  /**
   * `/health/ready` answers 503 while a projection's oldest unapplied event has waited longer than this
   * (catching up after a start, or stuck): its read models would answer stale.
   */
  @IsInt()
  @Min(1)
  READY_MAX_PROJECTION_LAG_SECONDS: number = 30;
}

/** Settings whose values never appear in a message, even when they are wrong. */
const SECRETS = new Set(['JWT_SECRET', 'KURRENTDB_URL', 'MONGODB_URL']);

/** For ConfigModule: turns the environment into an AppConfig or fails start-up with every problem named. */
export function validateConfig(environment: Record<string, unknown>): AppConfig {
  // An empty variable (`JWT_SECRET=` in a compose file) means unset, not an empty value.
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const config = plainToInstance(AppConfig, present, { enableImplicitConversion: true, exposeDefaultValues: true });
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
