import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { IS_PUBLIC, RECORDS_FOR, ROLES } from '../../src/auth/auth.decorators';
import type { Role } from '../../src/auth/principal';
import { envelopeOf } from '../../src/http/command-envelope';

/** One HTTP route the application registered, with what the guard reads from it. */
export interface RouteInfo {
  /** `POST /federations/:id/rename`. */
  name: string;
  method: string;
  path: string;
  handler: string;
  isPublic: boolean;
  roles: Role[] | undefined;
  records: boolean;
  /** Takes the command envelope: it records events. */
  takesEnvelope: boolean;
}

/** Every route of every controller of every module, read from Nest's own metadata as its router does. */
export function routesOf(app: INestApplication): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prefixes = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const meta = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, controller) as T | undefined);
        for (const prefix of prefixes) {
          for (const path of pathsOf(paths)) {
            const full =
              '/' +
              [prefix, path]
                .map((p) => p.replace(/^\/|\/$/g, ''))
                .filter((p) => p !== '')
                .join('/');
            routes.push({
              name: `${method} ${full}`,
              method,
              path: full,
              handler: `${controller.name}.${name}`,
              isPublic: meta<boolean>(IS_PUBLIC) === true,
              roles: meta<Role[]>(ROLES),
              records: meta(RECORDS_FOR) !== undefined,
              takesEnvelope: Object.values(
                (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
                  string,
                  { factory?: unknown }
                >,
              ).some((arg) => arg.factory === envelopeOf),
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.name.localeCompare(b.name));
}

function pathsOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value : [value];
}

/** A concrete URL for a route pattern: every `:param` filled with something well formed. */
export function concrete(path: string): string {
  return path.replace(/:(\w+)/g, (_, param: string) => (/year/i.test(param) ? '2023' : `probe-${param.toLowerCase()}`));
}

/** The names of the routes that record events: every command route a per-route suite must cover. */
export const commandRouteNames = (app: INestApplication): string[] =>
  routesOf(app)
    .filter((r) => r.records)
    .map((r) => r.name);
