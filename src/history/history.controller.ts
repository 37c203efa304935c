import {
  BadRequestException,
  Controller,
  DefaultValuePipe,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../core/event-store.port';
import { EntityIdPipe } from '../http/entity-id.pipe';

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

/** History for auditors: every event of one entity, and the global log page by page, with who and when. */
@ApiTags('history')
@Controller()
export class HistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('history/:kind/:id')
  @ApiOperation({ summary: "One entity's events, oldest first, with their metadata (who recorded, when, why)" })
  @ApiParam({
    name: 'kind',
    enum: Object.keys(STREAM_PREFIX),
    description: 'funds: the id is the federation owning the fund book',
  })
  async entityHistory(@Param('kind') kind: string, @Param('id', EntityIdPipe) id: string) {
    const prefix = STREAM_PREFIX[kind];
    if (!prefix) throw new BadRequestException(`kind must be one of ${Object.keys(STREAM_PREFIX).join(', ')}`);
    const streamId = `${prefix}-${id}`;
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new NotFoundException(`no history for ${kind} '${id}'`);
    return { streamId, events: events.map(present) };
  }

  @Get('events')
  @ApiOperation({ summary: 'The global log by position: pass `next` back as `after` for the following page' })
  @ApiQuery({ name: 'after', required: false, description: 'Position to read after (0 = from the start)' })
  @ApiQuery({ name: 'limit', required: false, description: `Page size, at most ${MAX_PAGE_SIZE}` })
  async globalLog(
    @Query('after', new DefaultValuePipe(0), ParseIntPipe) after: number,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ) {
    if (after < 0) throw new BadRequestException('after must be 0 or more');
    if (limit < 1 || limit > MAX_PAGE_SIZE)
      throw new BadRequestException(`limit must be between 1 and ${MAX_PAGE_SIZE}`);
    const events: StoredEvent[] = [];
    for await (const event of this.store.readAll({ after, limit, batchSize: limit })) events.push(event);
    const next = events.length === limit ? events[events.length - 1].position : null;
    return { events: events.map(present), next, head: await this.store.headPosition() };
  }
}

function present(event: StoredEvent) {
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}
