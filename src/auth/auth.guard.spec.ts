import { Body, Controller, Get, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import request from 'supertest';
import { ErrorFilter } from '../http/domain-error.filter';
import { buildsAuditCopy, OnlyWhen, Public, Records, Roles } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import type { CommandScope } from './command-scope';
import { OrganisationLookup } from './organisation-lookup';
import type { Principal, Role } from './principal';

/** ba-vi and dan-phuong under ha-noi; van-hoa under ba-vi. */
const PARENTS: Record<string, string | null> = {
  'ha-noi': null,
  'ba-vi': 'ha-noi',
  'dan-phuong': 'ha-noi',
  'van-hoa': 'ba-vi',
};

const organisation = {
  async isWithin(federationId: string, scope: readonly string[]) {
    for (let current: string | null | undefined = federationId; current; current = PARENTS[current]) {
      if (scope.includes(current)) return true;
    }
    return false;
  },
} as OrganisationLookup;

/** The scope names the body's federationId; `null` stands for an entity that is not known. */
const bodyFederation: CommandScope = async ({ body }) => {
  const id = (body as { federationId?: string | null }).federationId ?? null;
  return [{ federationId: id, via: id === null ? "union 'gone'" : `federation '${id}'` }];
};

@Controller()
class ProbeController {
  @Get('open') @Public() open() {
    return 'open';
  }
  @Get('undeclared') undeclared() {
    return 'undeclared';
  }
  @Get('read') @Roles('reader') read() {
    return 'read';
  }
  @Post('record') @HttpCode(200) @Records({ scope: bodyFederation }) record(@Body() _body: unknown) {
    return 'recorded';
  }
  @Post('recorder-without-scope') @HttpCode(200) @Roles('recorder') recordLoosely() {
    return 'recorded';
  }
  @Post('rebuild')
  @HttpCode(202)
  @Roles('auditor')
  @OnlyWhen('auditor', buildsAuditCopy, 'auditors rebuild only into audit copies: give until')
  rebuild(@Body() _body: unknown) {
    return 'rebuilding';
  }
}

/** Authenticates `Authorization: <roles>/<federations>` (e.g. `recorder/ba-vi`); anything else is 401. */
const fakeAuthenticator = {
  async authenticate(req: Request): Promise<Principal> {
    const header = req.header('authorization');
    if (!header) throw new UnauthorizedException('credentials required');
    const [roles, federations = ''] = header.split('/');
    return {
      id: `user:${header}`,
      kind: 'user',
      name: header,
      roles: roles.split(',') as Role[],
      federationIds: federations.split(',').filter(Boolean),
    };
  },
};

describe('the guard', () => {
  let app: NestExpressApplication;
  const call = (method: 'get' | 'post', path: string, as?: string, body: object = {}) => {
    const req = request(app.getHttpServer())[method](path);
    if (as) req.set('Authorization', as);
    return method === 'post' ? req.send(body) : req;
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: Authenticator, useValue: fakeAuthenticator },
        { provide: OrganisationLookup, useValue: organisation },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    app.useGlobalFilters(new ErrorFilter());
    await app.init();
  });
  afterAll(() => app.close());

  it('lets anyone call a public route', async () => {
    await call('get', '/open').expect(200);
  });

  it('answers 401 with a challenge without credentials', async () => {
    const res = await call('get', '/read').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer, ApiKey');
  });

  it('answers 403 to a role the route does not list, and lets admins call anything', async () => {
    await call('get', '/read', 'reader').expect(200);
    const res = await call('get', '/read', 'auditor').expect(403);
    expect(res.body.message).toContain('needs one of the roles reader');
    await call('get', '/read', 'admin').expect(200);
  });

  it('opens a route that declares no roles to admins only', async () => {
    await call('get', '/undeclared', 'reader,auditor,recorder/ha-noi').expect(403);
    await call('get', '/undeclared', 'admin').expect(200);
  });

  it('lets a recorder record within its federations and below them, never outside', async () => {
    await call('post', '/record', 'recorder/ba-vi', { federationId: 'ba-vi' }).expect(200);
    await call('post', '/record', 'recorder/ba-vi', { federationId: 'van-hoa' }).expect(200);
    await call('post', '/record', 'recorder/ha-noi', { federationId: 'van-hoa' }).expect(200);
    const res = await call('post', '/record', 'recorder/ba-vi', { federationId: 'dan-phuong' }).expect(403);
    expect(res.body.message).toBe(
      "you may record only for ba-vi and the federations below; this command is about federation 'dan-phuong'",
    );
    await call('post', '/record', 'recorder/ba-vi', { federationId: 'ha-noi' }).expect(403);
    await call('post', '/record', 'recorder', { federationId: 'ba-vi' }).expect(403);
    await call('post', '/record', 'admin', { federationId: 'dan-phuong' }).expect(200);
  });

  it('refuses a recorder an entity that cannot be found', async () => {
    const res = await call('post', '/record', 'recorder/ba-vi', { federationId: null }).expect(403);
    expect(res.body.message).toContain("union 'gone' is not known");
  });

  it('refuses a recorder a route that names no scope', async () => {
    await call('post', '/recorder-without-scope', 'recorder/ba-vi').expect(403);
  });

  it('narrows a role by the condition on the route', async () => {
    await call('post', '/rebuild', 'auditor', { until: 12 }).expect(202);
    const res = await call('post', '/rebuild', 'auditor', {}).expect(403);
    expect(res.body.message).toBe('auditors rebuild only into audit copies: give until');
    await call('post', '/rebuild', 'admin', {}).expect(202);
  });
});
