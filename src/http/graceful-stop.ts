import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import { messageOf } from '../core/error-message';

export interface GracefulStopOptions {
  /** Past this, connections still open are cut and the stop goes on; requests cannot hold it up for ever. */
  drainTimeoutMs?: number;
  logger: LoggerService;
  /** Run once the application is closed, e.g. to flush the traces not yet exported. */
  afterClose?: () => Promise<void>;
}

/**
 * Stops the service on SIGINT or SIGTERM, in the order that loses nothing: stop accepting connections, let
 * the requests in flight be answered (a command is acknowledged only once recorded), then close the
 * application — projections apply what they have read and store their checkpoints, the stores close — and
 * exit 0. Nest's own shutdown hooks would close the stores before the HTTP server and re-raise the signal.
 * Under `npm start` the terminal may deliver a signal to npm and node both; a repeated one is ignored.
 */
export function stopOnSignals(
  app: INestApplication,
  { drainTimeoutMs = 10_000, logger, afterClose }: GracefulStopOptions,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing requests in flight, then stopping`, 'Shutdown');
    void drain(app.getHttpServer() as Server, drainTimeoutMs)
      .then(() => app.close())
      .then(() => afterClose?.())
      .then(
        () => {
          logger.log('stopped', 'Shutdown');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`stopping failed: ${messageOf(error)}`, 'Shutdown');
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
}

/** Resolves once every connection is closed: idle keep-alive ones at once, busy ones after their answer. */
function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
