import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { type Principal, ROLES } from './principal';

/** Every role that reads (a recorder's role is granted only with a federation scope, for commands). */
const READING_ROLES = ROLES.filter((role) => role !== 'recorder');

class PrincipalView {
  @ApiProperty({ example: 'api-key:01J…', description: 'What goes into metadata.actor of what it records.' })
  id!: string;
  @ApiProperty({ enum: ['user', 'api-key'] }) kind!: string;
  @ApiProperty({ example: 'Kiểm tra tài chính' }) name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ type: [String], description: 'A recorder’s federations; empty for the other roles.' })
  federationIds!: string[];
}

/** Who the credentials sent belong to: lets a client (the dashboard) show what its roles may see. */
@ApiTags('auth')
@Controller('me')
export class SessionController {
  @Get()
  @Roles(...READING_ROLES)
  @ApiOperation({ summary: 'The caller: id, name, roles and federations of the credentials sent (never the secret)' })
  @ApiOkResponse({ type: PrincipalView })
  me(@CurrentPrincipal() principal: Principal): PrincipalView {
    const { id, kind, name, roles, federationIds } = principal;
    return { id, kind, name, roles, federationIds };
  }
}
