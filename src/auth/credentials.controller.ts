import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { CLOCK, type Clock } from '../infrastructure/stores.module';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { CREDENTIAL_STORE, type CredentialStore } from './credential-store.port';
import { issueApiKey, revokeApiKey, viewOf } from './credentials';
import { ApiKeysView, ApiKeyView, CreatedApiKeyView, CreateApiKeyDto } from './credentials.dto';
import type { Principal } from './principal';

/** API keys for machine clients, managed by admins. The first admin key comes from `npm run credentials -- create-admin`. */
@ApiTags('credentials')
@Roles('admin')
@Controller('credentials/api-keys')
export class CredentialsController {
  constructor(
    @Inject(CREDENTIAL_STORE) private readonly store: CredentialStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; the answer shows the key once, it is stored only as a hash' })
  @ApiCreatedResponse({ type: CreatedApiKeyView })
  @ApiConflictResponse({ description: 'A recorder without federations, or federations without the recorder role.' })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyView> {
    return issueApiKey(this.store, {
      name: body.name,
      roles: body.roles,
      federationIds: body.federationIds,
      createdBy: principal.id,
      now: this.clock(),
    });
  }

  @Get()
  @ApiOperation({ summary: 'Every API key, revoked ones included (never the key nor its hash)' })
  @ApiOkResponse({ type: ApiKeysView })
  async list(): Promise<ApiKeysView> {
    return { apiKeys: (await this.store.listApiKeys()).map(viewOf) };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key: the next request made with it answers 401' })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiNotFoundResponse({ description: 'No such key.' })
  @ApiConflictResponse({ description: 'Already revoked, or the last active admin key (`credential.last-admin`).' })
  revoke(@Param('id', EntityIdPipe) id: string): Promise<ApiKeyView> {
    return revokeApiKey(this.store, id, this.clock(), { keepLastAdmin: true });
  }
}
