import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { Metrics } from './metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Roles('admin')
  // Scraped every few seconds: never counted against the rate limit.
  @SkipThrottle()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics (admin only)',
    description:
      'The Prometheus text format: `union_ledger_http_request_duration_seconds` (by method, route, status), ' +
      '`union_ledger_commands_total` (by type, outcome and rule id), `union_ledger_appends_total`, ' +
      '`union_ledger_events_appended_total`, `union_ledger_projection_lag_events` and `…_lag_seconds` (per ' +
      'projection), `union_ledger_projection_failed`, `union_ledger_projection_rebuild_progress_ratio` and ' +
      '`…_rebuild_position`, `union_ledger_log_length`, `union_ledger_sqlite_bytes` (database and WAL), and the ' +
      'Node.js process metrics prefixed `union_ledger_`.',
  })
  @ApiOkResponse({ description: 'The metrics, as text.', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    response.type(contentType);
    return body;
  }
}
