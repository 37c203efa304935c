import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Injectable,
  Logger,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { attachPrincipal, IS_PUBLIC, RECORDS_FOR, type RoleCondition, ROLE_CONDITIONS, ROLES } from './auth.decorators';
import { Authenticator } from './authenticator';
import type { CommandScope } from './command-scope';
import { OrganisationLookup } from './organisation-lookup';
import type { Principal, Role } from './principal';

/**
 * Every HTTP route passes here (APP_GUARD): 401 without valid credentials unless the route is `@Public()`;
 * 403 when none of the caller's roles may call it; for a recorder's command, 403 when the command is about
 * a federation outside the recorder's scope. A route that declares no roles is open to admins only, so a
 * route added without thought fails closed (and the route test names it).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');
  private readonly warned = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly organisation: OrganisationLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(request);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 401) {
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer, ApiKey');
      }
      throw error;
    }
    attachPrincipal(request, principal);
    if (principal.roles.includes('admin')) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles === undefined) {
      this.warnUndeclared(context);
      throw new ForbiddenException('this route is open to admins only (it declares no roles)');
    }
    const conditions = this.reflector.get<RoleCondition[] | undefined>(ROLE_CONDITIONS, context.getHandler()) ?? [];
    const held = roles.filter((role) => principal.roles.includes(role));
    const granting = held.filter((role) =>
      conditions.filter((c) => c.role === role).every((condition) => condition.allows(request)),
    );
    if (granting.length === 0) {
      const refusedBy = conditions.find((c) => held.includes(c.role) && !c.allows(request));
      throw new ForbiddenException(
        refusedBy
          ? refusedBy.explanation
          : `this route needs one of the roles ${roles.join(', ')} (or admin); yours: ${principal.roles.join(', ')}`,
      );
    }

    const scope = this.reflector.get<CommandScope | undefined>(RECORDS_FOR, context.getHandler());
    if (granting.includes('recorder')) {
      if (!scope) throw new ForbiddenException('this route names no federation scope: open to admins only');
      await this.assertInScope(principal, scope, request);
    }
    return true;
  }

  private async assertInScope(principal: Principal, scope: CommandScope, request: Request): Promise<void> {
    const touched = await scope(
      { params: request.params as Record<string, string>, body: request.body },
      this.organisation,
    );
    const yours = principal.federationIds.length > 0 ? principal.federationIds.join(', ') : 'none';
    if (touched.length === 0) throw new ForbiddenException('this command names no federation: open to admins only');
    for (const { federationId, via } of touched) {
      if (federationId === null) {
        throw new ForbiddenException(
          `${via} is not known, so it cannot be shown to be within your federations (${yours}); check the id`,
        );
      }
      if (!(await this.organisation.isWithin(federationId, principal.federationIds))) {
        throw new ForbiddenException(
          `you may record only for ${yours} and the federations below; this command is about ${via}` +
            (via.startsWith('federation') ? '' : ` of federation '${federationId}'`),
        );
      }
    }
  }

  private warnUndeclared(context: ExecutionContext): void {
    const name = `${context.getClass().name}.${context.getHandler().name}`;
    if (this.warned.has(name)) return;
    this.warned.add(name);
    this.logger.warn(`${name} declares no @Roles: only admins may call it`);
  }
}
