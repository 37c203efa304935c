import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../core/event-store.port';
import { ProjectionRunner } from '../core/projection-runner';
import { READ_STORE, type ReadStore } from '../core/read-store.port';
import type { SqliteFileWatch } from '../infrastructure/sqlite/sqlite-file-watch';
import { SQLITE_FILE } from '../infrastructure/stores.module';
import { messageOf } from '../core/error-message';

/** One check of readiness: whether it passed, and what an operator wants to see about it. */
export interface CheckResult {
  ok: boolean;
  /** Why it failed. */
  message?: string;
  [detail: string]: unknown;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** A store that does not answer within this is as good as down, for a probe. */
const STORE_TIMEOUT_MS = 2000;

/**
 * Whether this instance can serve: the event store and the read-model store answer, the SQLite file (when
 * there is one) is still the file opened, no projection has failed, and none lags further behind the log
 * than the configured bound.
 */
@Injectable()
export class ReadinessCheck {
  private readonly maxLagSeconds: number;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionRunner,
    @Inject(SQLITE_FILE) private readonly sqliteFile: SqliteFileWatch | null,
    @Optional() config?: ConfigService<AppConfig, true>,
  ) {
    this.maxLagSeconds = config?.get('READY_MAX_PROJECTION_LAG_SECONDS', { infer: true }) ?? 30;
  }

  async check(): Promise<Readiness> {
    const checks: Record<string, CheckResult> = {
      eventStore: await answers(async () => ({ logLength: await this.eventStore.headPosition() })),
      readStore: await answers(async () => ({ namespaces: (await this.readStore.namespaces()).length })),
    };
    if (this.sqliteFile) checks.sqliteFile = this.fileCheck(this.sqliteFile);
    checks.projections = await answers(() => this.projectionCheck());
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  }

  private fileCheck(file: SqliteFileWatch): CheckResult {
    const problem = file.problem();
    const { file: fileBytes, wal: walBytes } = file.sizes();
    return problem ? { ok: false, message: problem } : { ok: true, fileBytes, walBytes };
  }

  private async projectionCheck(): Promise<CheckResult> {
    const statuses = await this.projections.status();
    const failed = statuses.filter((status) => status.state === 'failed').map((status) => status.name);
    const behind = statuses
      .filter((status) => status.lagSeconds > this.maxLagSeconds)
      .map(({ name, lagEvents, lagSeconds }) => ({ name, lagEvents, lagSeconds }));
    const ok = failed.length === 0 && behind.length === 0;
    return {
      ok,
      ...(ok
        ? {}
        : {
            message: [
              failed.length > 0 ? `failed: ${failed.join(', ')}` : '',
              behind.length > 0
                ? `more than ${this.maxLagSeconds} s behind the log: ${behind.map((b) => b.name).join(', ')}`
                : '',
            ]
              .filter(Boolean)
              .join('; '),
          }),
      maxLagSeconds: this.maxLagSeconds,
      failed,
      behind,
    };
  }
}

/** Runs a store check, turning an error or a hang into a failed check. */
async function answers(probe: () => Promise<Record<string, unknown>>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
  });
  try {
    return { ok: true, ...(await Promise.race([probe(), timeout])) };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  } finally {
    clearTimeout(timer);
  }
}
