import { Controller, Get, HttpCode, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Authenticator } from '../auth/authenticator';
import { LivenessDto, ReadinessDto } from './health.dto';
import { ReadinessCheck } from './readiness';

/** Open to anyone and never rate limited: load balancers and orchestrators poll it. */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessCheck,
    private readonly authenticator: Authenticator,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers (it checks nothing else)' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the stores answer, the SQLite file is the one opened, projections run and keep up',
    description:
      'Open to anyone, who sees the status only. Sent with admin credentials, the answer adds each check with ' +
      'its details (log length, file sizes, projections failed or behind). Not ready while a projection lags ' +
      'more than READY_MAX_PROJECTION_LAG_SECONDS, and for good once the SQLite file has been deleted or ' +
      'replaced under the service (writes are refused with 503 then too).',
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready.' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'Not ready.' })
  ready(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    return this.answer(request, response);
  }

  /** Kept for probes configured before `/health/ready` existed; the same answer. */
  @Get()
  @ApiOperation({ summary: 'Same as /health/ready' })
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready.' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'Not ready.' })
  check(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    return this.answer(request, response);
  }

  private async answer(request: Request, response: Response): Promise<ReadinessDto> {
    const [{ ready, checks }, admin] = await Promise.all([this.readiness.check(), this.isAdmin(request)]);
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', ...(admin ? { checks } : {}) };
  }

  /** Credentials are optional here: missing or invalid ones only mean the status alone is shown. */
  private async isAdmin(request: Request): Promise<boolean> {
    if (request.header('authorization') === undefined && request.header('x-api-key') === undefined) return false;
    try {
      return (await this.authenticator.authenticate(request)).roles.includes('admin');
    } catch {
      return false;
    }
  }
}
