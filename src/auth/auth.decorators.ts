import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { CommandScope } from './command-scope';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';
export const RECORDS_FOR = 'auth:records-for';
export const ROLE_CONDITIONS = 'auth:role-conditions';

/** Opens a route to anyone, without credentials. Kept to the allow-list the route test names. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

function Guarded() {
  return applyDecorators(
    ApiSecurity('bearer'),
    ApiSecurity('api-key'),
    ApiSecurity('api-key-authorization'),
    ApiUnauthorizedResponse({ description: 'No credentials, or credentials that are invalid, expired or revoked.' }),
    ApiForbiddenResponse({ description: 'Your roles (or, for a recorder, your federations) do not allow this.' }),
  );
}

/** The roles that may call a route; `admin` may call every route. */
export function Roles(...roles: Role[]) {
  return applyDecorators(SetMetadata(ROLES, roles), Guarded());
}

/**
 * A command route, named by its command's table entry: recorders may call it for the federations the entry's
 * scope names, when each is one of theirs or below one of theirs (admins, anywhere).
 */
export function Records(entry: { scope: CommandScope }) {
  return applyDecorators(SetMetadata(ROLES, ['recorder']), SetMetadata(RECORDS_FOR, entry.scope), Guarded());
}

export interface RoleCondition {
  role: Role;
  /** Reads the raw request; true when this role may make this call. */
  allows: (request: Request) => boolean;
  /** Said in the 403 when it does not. */
  explanation: string;
}

/** Narrows a role listed in `@Roles` to some calls of the route, e.g. auditors rebuilding only into audit copies. */
export function OnlyWhen(role: Role, allows: RoleCondition['allows'], explanation: string) {
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor?.value ?? target;
    const conditions: RoleCondition[] = Reflect.getMetadata(ROLE_CONDITIONS, holder) ?? [];
    Reflect.defineMetadata(ROLE_CONDITIONS, [...conditions, { role, allows, explanation }], holder);
    return descriptor;
  };
}

/** For `OnlyWhen('auditor', …)` on rebuilds: a replay into a separate audit namespace, never the live one. */
export function buildsAuditCopy(request: Request): boolean {
  const until = (request.body as { until?: unknown } | undefined)?.until;
  return until !== undefined && until !== null;
}

const PRINCIPAL = Symbol('principal');

export function attachPrincipal(request: Request, principal: Principal): void {
  (request as unknown as Record<symbol, Principal>)[PRINCIPAL] = principal;
}

/** The principal the guard authenticated, or undefined on a public route. */
export function principalOf(request: Request): Principal | undefined {
  return (request as unknown as Record<symbol, Principal | undefined>)[PRINCIPAL];
}

/** The authenticated principal, as a handler parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined =>
  principalOf(ctx.switchToHttp().getRequest<Request>()),
);
