import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../core/event-store.port';
import { isEventOf } from '../core/typed-events';
import { EntityIdPipe } from '../http/entity-id.pipe';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from '../privacy/personal-data-keys.port';
import { revealPersonalData } from '../privacy/reveal-personal-data';
import { logPositionMessage } from '../core/position-or-instant';
import { EntityHistoryView, GlobalLogPageView } from './history.views';
import { WITH_PERSONAL_DATA, type WithPersonalData } from './ledger-events';
import { PageLimit } from '../http/page-limit';

const withPersonalData = new Set(Object.keys(WITH_PERSONAL_DATA));

/** Which stream holds an entity's history, by the kind named in the URL. */
const STREAM_PREFIX: Record<string, string> = {
  federations: 'federation',
  unions: 'union',
  members: 'member',
  funds: 'fundbook',
  awards: 'award',
  initiatives: 'initiative',
  clusters: 'cluster',
  democracy: 'democracy',
};

export const MAX_PAGE_SIZE = 1000;

/** A page of the global log; anything but whole numbers in range is a 400, never a silent default. */
export class GlobalLogQueryDto {
  @ApiPropertyOptional({ example: 0, description: 'Position to read after (0 = from the start)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: logPositionMessage('after') })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @PageLimit(MAX_PAGE_SIZE, 100)
  limit?: number;
}

/**
 * History for auditors: every event of one entity, and the global log page by page, with who and when.
 * Finance inspectors read fund books only.
 */
@ApiTags('history')
@Controller()
export class HistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeys,
  ) {}

  // Declared before the generic route so it matches first: finance inspectors may read fund books only.
  @Get('history/funds/:id')
  @Roles('auditor', 'finance-inspector')
  @ApiOperation({
    summary: "A federation's fund book: every contribution, payment, transfer and correction, with metadata",
  })
  @ApiOkResponse({ type: EntityHistoryView, description: 'The stream, oldest event first.' })
  @ApiNotFoundResponse({ description: 'No event was ever recorded for that id.' })
  fundBookHistory(@Param('id', EntityIdPipe) id: string): Promise<EntityHistoryView> {
    return this.history('funds', id);
  }

  @Get('history/:kind/:id')
  @Roles('auditor')
  @ApiOperation({ summary: "One entity's events, oldest first, with their metadata (who recorded, when, why)" })
  @ApiParam({
    name: 'kind',
    enum: Object.keys(STREAM_PREFIX),
    description: 'funds: the id is the federation owning the fund book',
  })
  @ApiOkResponse({ type: EntityHistoryView, description: 'The stream, oldest event first.' })
  @ApiNotFoundResponse({ description: 'No event was ever recorded for that id.' })
  entityHistory(@Param('kind') kind: string, @Param('id', EntityIdPipe) id: string): Promise<EntityHistoryView> {
    return this.history(kind, id);
  }

  @Get('events')
  @Roles('auditor')
  @ApiOperation({ summary: 'The global log by position: pass `next` back as `after` for the following page' })
  @ApiOkResponse({ type: GlobalLogPageView, description: 'One page of the log.' })
  async globalLog(@Query() { after = 0, limit = 100 }: GlobalLogQueryDto): Promise<GlobalLogPageView> {
    const events: StoredEvent[] = [];
    for await (const event of this.store.readAll({ after, limit, batchSize: limit })) events.push(event);
    const next = events.length === limit ? events[events.length - 1].position : null;
    return { events: await this.present(events), next, head: await this.store.headPosition() };
  }

  private async history(kind: string, id: string) {
    const prefix = STREAM_PREFIX[kind];
    if (!prefix) throw new BadRequestException(`kind must be one of ${Object.keys(STREAM_PREFIX).join(', ')}`);
    const streamId = `${prefix}-${id}`;
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new NotFoundException(`no history for ${kind} '${id}'`);
    return { streamId, events: await this.present(events) };
  }

  /** Personal data is decrypted while the member's key exists and shown redacted once they were forgotten. */
  private present(events: StoredEvent[]) {
    return Promise.all(
      events.map(async (event) => ({
        position: event.position,
        streamId: event.streamId,
        revision: event.revision,
        id: event.id,
        type: event.type,
        data: await this.dataOf(event),
        metadata: event.metadata,
      })),
    );
  }

  /** A member's personal data opened (or redacted); every other fact as stored. */
  private async dataOf(event: StoredEvent): Promise<Record<string, unknown>> {
    return isEventOf<WithPersonalData>(event, withPersonalData)
      ? revealPersonalData(this.keys, event.data)
      : event.data;
  }
}
