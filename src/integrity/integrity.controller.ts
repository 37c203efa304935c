import { BadRequestException, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DigestView, SealsView, VerificationView, VerifyQueryDto } from './integrity.dto';
import { LEDGER_INTEGRITY, type LedgerIntegrity } from './ledger-integrity';
import { type LogDigest, MalformedDigest, parseDigest } from './log-digest';
import { SEALER_ACTOR } from './log-sealer';

/**
 * Tamper evidence over HTTP, for audit staff and finance inspectors: verify the log (against a digest they
 * kept, if they bring one) and take a digest to keep. Sealing on demand is for admins; the service also
 * seals on its own.
 */
@ApiTags('integrity')
@Controller('integrity')
export class IntegrityController {
  constructor(@Inject(LEDGER_INTEGRITY) private readonly integrity: LedgerIntegrity) {}

  @Get('verify')
  @Roles('auditor', 'finance-inspector')
  @ApiOperation({
    summary:
      'Walk the whole log and report the first position where anything was changed, deleted, reordered or inserted',
  })
  @ApiOkResponse({ type: VerificationView })
  @ApiBadRequestResponse({ description: 'The digest is not a union-ledger digest; the message says why.' })
  verify(@Query() query: VerifyQueryDto) {
    let digest: LogDigest | undefined;
    if (query.digest !== undefined) {
      try {
        digest = parseDigest(query.digest);
      } catch (error) {
        if (error instanceof MalformedDigest) throw new BadRequestException(error.message);
        throw error;
      }
    }
    return this.integrity.verify(digest);
  }

  @Get('digest')
  @Roles('auditor', 'finance-inspector')
  @ApiOperation({
    summary: 'A digest of the log as it stands: keep it, and any later rewrite of history up to it is detected',
  })
  @ApiOkResponse({ type: DigestView })
  digest() {
    return this.integrity.digest();
  }

  @Post('seal')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Seal now what was recorded since the last seal (the service also seals on its own)' })
  @ApiOkResponse({ type: SealsView })
  async seal(@CurrentPrincipal() principal: Principal | undefined) {
    return { seals: await this.integrity.seal(principal?.id ?? SEALER_ACTOR) };
  }
}
