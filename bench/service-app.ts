import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../src/core/event-store.port';
import { ProjectionRunner } from '../src/core/projection-runner';
import { PreviewCommand } from '../src/commands/commands.command-handler';
import type { PlannedChange } from '../src/commands/command-table';
import type { Reorganise } from '../src/organisation/reorganisation';
import { ReadModelAccess } from '../src/read-models/read-model-access';
import { busCommandOf, type CommandLayer } from './history-commands';

/**
 * The service itself, booted without its HTTP server: the whole `AppModule` on a SQLite file, as
 * `npm start` wires it (hash-chained event store, personal-data keys in the file, integrity sealing,
 * projections runner, read-model access). Commands go through its command bus, queries through the
 * `ReadModelAccess` the read controllers use. Only the HTTP edge (authentication, scope checks, body
 * validation, JSON) is left out.
 */
export interface ServiceApp {
  send: CommandLayer;
  eventStore: EventStore;
  runner: ProjectionRunner;
  access: ReadModelAccess;
  /** A reorganisation's dry run, as `POST /reorganisations/dry-run` asks the command layer for it. */
  previewReorganisation(command: Reorganise, occurredOn: string): Promise<PlannedChange[]>;
  close(): Promise<void>;
}

let booted: string | null = null;

/**
 * Boots the service on `path` with the service's default durability (SQLITE_SYNCHRONOUS=FULL). The
 * configuration is read once, when the application module is first loaded: one file per process.
 */
export async function bootService(path: string): Promise<ServiceApp> {
  if (booted !== null && booted !== path) {
    throw new Error(`the service was already booted on ${booted} in this process; its configuration is fixed`);
  }
  booted = path;
  Object.assign(process.env, {
    EVENT_STORE: 'sqlite',
    READ_STORE: 'sqlite',
    SQLITE_PATH: path,
    SQLITE_SYNCHRONOUS: 'FULL',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  // Imported only now: the configuration module reads the environment when the application module loads.
  const { AppModule } = await import('../src/app.module');
  const app: INestApplicationContext = await NestFactory.createApplicationContext(AppModule, {
    logger: ['error', 'warn'],
  });
  const bus = app.get(CommandBus);
  return {
    send: (command) => bus.execute(busCommandOf(command)),
    eventStore: app.get<EventStore>(EVENT_STORE),
    runner: app.get(ProjectionRunner),
    access: app.get(ReadModelAccess),
    previewReorganisation: (command, occurredOn) =>
      bus.execute(new PreviewCommand(command, { actor: 'user:bench', occurredOn })),
    close: () => app.close(),
  };
}
