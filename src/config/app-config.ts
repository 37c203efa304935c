import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

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
}

/** For ConfigModule: turns the environment into an AppConfig or fails start-up with every problem named. */
export function validateConfig(environment: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, environment, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const problems = errors.map(
      (e) => `${e.property}=${String(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
