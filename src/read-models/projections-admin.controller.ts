import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { NotFound, RuleBroken } from '../core/domain-error';
import { ProjectionRebuilds } from '../core/projection-rebuilds';
import { ProjectionRunner, type ProjectionStatus, type RebuildProgress } from '../core/projection-runner';
import {
  assertNamespace,
  type NamespaceInfo,
  READ_STORE,
  type ReadStore,
  UnknownNamespace,
} from '../core/read-store.port';
import { ALL_PROJECTIONS } from '../../projections';
import { buildsAuditCopy, OnlyWhen, Roles } from '../auth/auth.decorators';
import { IsPositionOrInstant, ReadAtQueryDto } from './read-at.dto';
import { ReadModelAccess, ReadModelBehind } from './read-model-access';
import { PageLimit } from '../http/page-limit';

/** Documents per page of a namespace's listing. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/*
 * Operating the read models: status, rebuilds, restarts, and the audit copies built "as of" a log
 * position. Every route sits in this one controller, behind the roles declared on it.
 */

// ---------------------------------------------------------------------------------------------------
// Rebuilding up to a point: a log position or a recording instant.

export class RebuildProjectionDto {
  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', minimum: 0, example: 1234 },
      { type: 'string', format: 'date-time', example: '2024-01-15T00:00:00+07:00' },
    ],
    description:
      'Build only up to this log position (or the last event recorded at or before this instant) into a separate ' +
      'audit namespace, leaving the live one untouched. Absent: rebuild from the whole log beside the live ' +
      'namespace and switch readers over when it has caught up.',
  })
  @IsOptional()
  @IsPositionOrInstant()
  until?: number | string;
}

/** Listing the documents of an audit namespace, page by page. */
export class AuditListQueryDto extends ReadAtQueryDto {
  @ApiPropertyOptional({ example: 'ba-vi:', description: 'Only documents whose id starts with this.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  idPrefix?: string;

  @ApiPropertyOptional({ description: 'Resume after this id: the `next` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;

  @PageLimit(MAX_PAGE, DEFAULT_PAGE)
  limit?: number;
}

// ---------------------------------------------------------------------------------------------------
// Answers, for the OpenAPI document.

class ProjectionFailureView {
  @ApiProperty({ example: "projection 'membership' failed on event UnionFounded at position 812: …" })
  message!: string;
  @ApiPropertyOptional({ example: 812, description: 'Position of the event it could not apply.' })
  position?: number;
  @ApiPropertyOptional({ example: 'UnionFounded' })
  eventType?: string;
  @ApiPropertyOptional()
  eventId?: string;
}

class RebuildProgressView {
  @ApiProperty({ example: 'membership_v1_r2' }) namespace!: string;
  @ApiProperty({ description: 'Log position applied up to.' }) processed!: number;
  @ApiProperty({ description: 'Position the rebuild runs to: `until`, or the head (it moves while the log grows).' })
  total!: number;
  @ApiProperty({ example: 42.5 }) percent!: number;
  @ApiProperty() eventsPerSecond!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Estimated seconds left; null before a rate is known.' })
  etaSeconds!: number | null;
}

class LastRebuildView {
  @ApiProperty({ example: 'membership_v1_at1200' }) namespace!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The position built up to, for an audit copy.' })
  until!: number | null;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) outcome!: 'running' | 'done' | 'failed';
  @ApiProperty({ example: '2026-06-30T03:00:00.000Z' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Checkpoint reached, once done.' })
  checkpoint!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed; the live namespace kept serving.' })
  error!: string | null;
}

class ProjectionConnectionView {
  @ApiProperty({ enum: ['connected', 'reconnecting'] }) state!: 'connected' | 'reconnecting';
  @ApiProperty({ description: 'Transient failures in a row since the store last confirmed the subscription.' })
  failures!: number;
  @ApiProperty({ description: 'How long it has been reconnecting; 0 when connected.' }) reconnectingSeconds!: number;
  @ApiProperty({ description: 'Seconds since the subscription last delivered an event (or started).' })
  secondsSinceLastEvent!: number;
  @ApiProperty({ type: String, nullable: true, example: 'connection dropped', description: 'While reconnecting.' })
  lastError!: string | null;
}

class ProjectionLeaseView {
  @ApiProperty({
    example: 'api-2:41:9f3ab2c1',
    description:
      'The instance applying the projection (`<host>:<pid>:<random>`); the last one when `expiresAt` has passed.',
  })
  owner!: string;
  @ApiProperty({ description: 'The instance answering is the owner.' }) here!: boolean;
  @ApiProperty({ example: 3, description: 'Fencing token: grows each time the lease changes hands.' }) token!: number;
  @ApiProperty({ example: '2026-06-30T03:00:15.000Z', description: 'When it lapses unless the owner renews it.' })
  expiresAt!: string;
}

class ProjectionStatusView {
  @ApiProperty({ example: 'membership' }) name!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: String, nullable: true, example: 'membership_v1', description: 'Namespace serving readers.' })
  namespace!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Namespace being built beside it (rebuild, new version).' })
  building!: string | null;
  @ApiProperty({ enum: ['catching-up', 'live', 'rebuilding', 'reconnecting', 'failed'] })
  state!: ProjectionStatus['state'];
  @ApiProperty({ description: 'Last log position applied to the serving namespace.' }) checkpoint!: number;
  @ApiProperty({ description: 'Last log position recorded.' }) head!: number;
  @ApiProperty({ description: 'Events recorded but not yet applied.' }) lagEvents!: number;
  @ApiProperty({ description: 'How long the oldest event not yet applied has waited, in seconds.' })
  lagSeconds!: number;
  @ApiProperty({ type: ProjectionFailureView, nullable: true, description: 'Set when state is failed.' })
  failure!: ProjectionFailureView | null;
  @ApiProperty({ type: RebuildProgressView, nullable: true, description: 'Progress of the rebuild under way.' })
  rebuild!: RebuildProgressView | null;
  @ApiProperty({ type: LastRebuildView, nullable: true, description: 'The last rebuild started over HTTP.' })
  lastRebuild!: LastRebuildView | null;
  @ApiProperty({
    type: ProjectionConnectionView,
    nullable: true,
    description: "The subscription's link to the event store; null while the projection is not following it.",
  })
  connection!: ProjectionConnectionView | null;
  @ApiProperty({
    type: ProjectionLeaseView,
    nullable: true,
    description:
      'Which instance applies the projection: one owner at a time among the instances sharing the stores (null ' +
      'before any took it). The others serve reads and take over when its lease lapses.',
  })
  lease!: ProjectionLeaseView | null;
}

class ProjectionsStatusView {
  @ApiProperty({ type: [ProjectionStatusView] }) projections!: ProjectionStatusView[];
}

class RebuildStartedView {
  @ApiProperty({ example: 'membership' }) name!: string;
  @ApiProperty({ example: 'membership_v1_r2', description: 'The namespace being built.' }) namespace!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Position built up to (audit copy); null for a rebuild.' })
  until!: number | null;
  @ApiProperty({ description: 'True when readers are switched to it once caught up (no `until`).' })
  switchesOver!: boolean;
}

class NamespaceView {
  @ApiProperty({ example: 'membership_v1_at1200' }) namespace!: string;
  @ApiProperty({ example: 'membership' }) projection!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ description: 'Last log position applied to it.' }) checkpoint!: number;
  @ApiProperty({ description: 'Serving readers; cannot be deleted.' }) live!: boolean;
  @ApiProperty({ description: 'Being built by this server now; cannot be deleted.' }) building!: boolean;
  @ApiProperty({
    type: [String],
    example: ['unions', 'federations', 'federationTotals'],
    description: 'Collections to read in it.',
  })
  collections!: string[];
}

class NamespacesView {
  @ApiProperty({ type: [NamespaceView] }) namespaces!: NamespaceView[];
}

class AuditDocumentView {
  @ApiProperty({ example: 'membership_v1_at1200' }) namespace!: string;
  @ApiProperty({ description: 'Last log position applied to the namespace.' }) checkpoint!: number;
  @ApiProperty({ example: 'unions' }) collection!: string;
  @ApiProperty({ example: 'tan-linh-school' }) id!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The document, as stored.' })
  document!: unknown;
}

class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) document!: unknown;
}

class AuditPageView {
  @ApiProperty() namespace!: string;
  @ApiProperty() checkpoint!: number;
  @ApiProperty() collection!: string;
  @ApiProperty({ type: [AuditEntryView] }) documents!: AuditEntryView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null on the last.' })
  next!: string | null;
}

// ---------------------------------------------------------------------------------------------------

const COLLECTION = /^[A-Za-z0-9_-]{1,64}$/;

// Auditors read status and audit copies and replay into audit copies; admins also rebuild the live models.
@Roles('auditor')
@ApiTags('projections')
@ApiResponse({ status: 400, description: 'Malformed parameter or body: the message says which and why.' })
@Controller('projections')
export class ProjectionsAdminController {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly rebuilds: ProjectionRebuilds,
    private readonly access: ReadModelAccess,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every read model: serving namespace, checkpoint, lag, state and rebuild progress',
    description:
      'state: catching-up (applying a backlog), live (caught up, following new events), rebuilding (a rebuild or ' +
      'new version is being built beside the serving namespace; see `rebuild` for progress), reconnecting (the ' +
      'event store is away; the subscription retries until it is back, see `connection`), failed (stopped on an ' +
      'event: `failure` names its position, type and the error; fix, then POST …/restart).',
  })
  @ApiOkResponse({ type: ProjectionsStatusView })
  async status(): Promise<ProjectionsStatusView> {
    const statuses = await this.runner.status();
    return { projections: statuses.map((status) => this.present(status)) };
  }

  @Get('namespaces')
  @ApiOperation({
    summary: 'Every stored namespace: live ones, those being built, and audit copies built with `until`',
  })
  @ApiOkResponse({ type: NamespacesView })
  async namespaces(): Promise<NamespacesView> {
    const [infos, building] = await Promise.all([this.store.namespaces(), this.buildingNamespaces()]);
    return {
      namespaces: infos.map((info) => ({
        namespace: info.namespace,
        projection: info.projection,
        version: info.version,
        checkpoint: info.checkpoint,
        live: info.live,
        building: building.has(info.namespace),
        collections: collectionsOf(info),
      })),
    };
  }

  @Delete('namespaces/:namespace')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a namespace no longer needed (an audit copy); never the live one' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiResponse({ status: 404, description: 'No such namespace.' })
  @ApiResponse({ status: 409, description: 'It serves readers (`projection.namespace-live`) or is being built.' })
  async dropNamespace(@Param('namespace') namespace: string): Promise<void> {
    await this.namespaceInfo(namespace);
    if ((await this.buildingNamespaces()).has(namespace)) {
      throw new RuleBroken(
        'projection.namespace-building',
        `namespace '${namespace}' is being built; wait for the rebuild to finish before deleting it`,
      );
    }
    // The store refuses the live namespace itself, atomically with the deletion.
    await this.store.drop(namespace);
  }

  @Get('namespaces/:namespace/:collection')
  @ApiOperation({
    summary: 'Audit view: the documents of one collection of any namespace, page by page',
    description: 'As the single-document audit view, for a whole collection, in id order.',
  })
  @ApiOkResponse({ type: AuditPageView })
  @ApiResponse({ status: 404, description: 'No such namespace.' })
  async auditList(
    @Param('namespace') namespace: string,
    @Param('collection') collection: string,
    @Query() query: AuditListQueryDto,
  ): Promise<AuditPageView> {
    assertCollection(collection);
    const at = await this.readAtIn(namespace, query);
    const limit = query.limit ?? DEFAULT_PAGE;
    const page = await this.store.list(namespace, collection, {
      at,
      idPrefix: query.idPrefix,
      after: query.after,
      limit,
    });
    return {
      namespace,
      checkpoint: await this.store.checkpoint(namespace),
      collection,
      documents: page.map(({ id, doc }) => ({ id, document: doc })),
      next: page.length === limit ? page[page.length - 1].id : null,
    };
  }

  @Get('namespaces/:namespace/:collection/:id')
  @ApiOperation({
    summary: 'Audit view: one document of any namespace, as stored',
    description:
      'For audit staff: reads a namespace directly, e.g. a copy rebuilt with `until` (“the figures as the log stood at ' +
      'position N”), or the live one. `asOf` and `knownAt` apply inside the namespace as on every read-model route. ' +
      '`consistentWith` waits for a live namespace to include a command; a copy built with `until` never moves, so a ' +
      'position past its checkpoint is refused (409 `projection.namespace-frozen`).',
  })
  @ApiParam({ name: 'namespace', example: 'membership_v1_at1200' })
  @ApiParam({ name: 'collection', example: 'unions' })
  @ApiParam({ name: 'id', example: 'tan-linh-school' })
  @ApiOkResponse({ type: AuditDocumentView })
  @ApiResponse({ status: 404, description: 'No such namespace, or no such document as of that point.' })
  @ApiResponse({ status: 409, description: '`consistentWith` is past the checkpoint of a copy built with `until`.' })
  @ApiResponse({ status: 503, description: 'The live namespace has not yet caught up with `consistentWith`.' })
  async auditDocument(
    @Param('namespace') namespace: string,
    @Param('collection') collection: string,
    @Param('id') id: string,
    @Query() query: ReadAtQueryDto,
  ): Promise<AuditDocumentView> {
    assertCollection(collection);
    if (id.length > 500) throw new RangeError('a document id is at most 500 characters');
    const at = await this.readAtIn(namespace, query);
    const document = await this.store.get(namespace, collection, id, at);
    if (document === null) throw new NotFound(`document in ${namespace}/${collection}`, id);
    return { namespace, checkpoint: await this.store.checkpoint(namespace), collection, id, document };
  }

  @Post(':name/rebuild')
  @Roles('auditor')
  @OnlyWhen(
    'auditor',
    buildsAuditCopy,
    'auditors replay into a separate audit namespace only: give `until`; rebuilding the live read model is for admins',
  )
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a read model from the log, in the background',
    description:
      'Answers 202 at once with the namespace being built; follow its progress in GET /projections (`rebuild`, then ' +
      '`lastRebuild`). Without `until`: the live namespace keeps serving while the new one is built beside it; when ' +
      'it has caught up, readers are switched over and the old one is deleted (zero downtime). With `until`: a ' +
      'separate audit namespace `<name>_v<version>_at<position>` is built as of that position and left beside the ' +
      'live one; read it with GET /projections/namespaces/{namespace}/…, delete it when done.',
  })
  @ApiParam({ name: 'name', example: 'membership' })
  @ApiAcceptedResponse({ type: RebuildStartedView })
  @ApiResponse({ status: 404, description: 'No such projection.' })
  @ApiResponse({ status: 409, description: 'It is already being rebuilt (`projection.rebuild-in-progress`).' })
  async rebuild(@Param('name') name: string, @Body() body: RebuildProjectionDto): Promise<RebuildStartedView> {
    return this.rebuilds.start(name, body.until);
  }

  @Post(':name/restart')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a failed read model from the event it stopped on, once the cause is fixed',
    description: 'A projection that has not failed is left as it is. Answers its status after the restart.',
  })
  @ApiParam({ name: 'name', example: 'membership' })
  @ApiOkResponse({ type: ProjectionStatusView })
  @ApiResponse({ status: 404, description: 'No such projection.' })
  async restart(@Param('name') name: string): Promise<ProjectionStatusView> {
    await this.runner.restart(name);
    const status = (await this.runner.status()).find((s) => s.name === name)!;
    return this.present(status);
  }

  private async buildingNamespaces(): Promise<Set<string>> {
    return new Set((await this.runner.status()).flatMap((s) => (s.building ? [s.building] : [])));
  }

  private async namespaceInfo(namespace: string): Promise<NamespaceInfo> {
    assertNamespace(namespace);
    const info = (await this.store.namespaces()).find((candidate) => candidate.namespace === namespace);
    if (!info) throw new UnknownNamespace(namespace);
    return info;
  }

  /** `asOf`/`knownAt` as on every read route; `consistentWith` waits only where waiting can help. */
  private async readAtIn(namespace: string, query: ReadAtQueryDto) {
    const info = await this.namespaceInfo(namespace);
    const position = query.consistentWith;
    const at = await this.access.prepare(query, info.live && position !== undefined ? [info.projection] : []);
    if (!info.live && position !== undefined && info.checkpoint < position) {
      if ((await this.buildingNamespaces()).has(namespace)) throw new ReadModelBehind(info.projection, position);
      throw new RuleBroken(
        'projection.namespace-frozen',
        `namespace '${namespace}' was built up to position ${info.checkpoint} and does not follow the log; ` +
          `it will never include position ${position}`,
      );
    }
    return at;
  }

  private present(status: ProjectionStatus): ProjectionStatusView {
    return {
      name: status.name,
      version: status.version,
      namespace: status.namespace,
      building: status.building,
      state: status.state,
      checkpoint: status.checkpoint,
      head: status.head,
      lagEvents: status.lagEvents,
      lagSeconds: status.lagSeconds,
      failure: status.failure,
      rebuild: status.rebuild && presentProgress(status.rebuild),
      lastRebuild: this.rebuilds.lastOf(status.name),
      connection: status.connection,
      lease: status.lease,
    };
  }
}

export function presentProgress(progress: RebuildProgress): RebuildProgressView {
  const { namespace, processed, total, eventsPerSecond } = progress;
  const left = Math.max(0, total - processed);
  return {
    namespace,
    processed,
    total,
    percent: total === 0 ? 100 : Math.round((processed / total) * 1000) / 10,
    eventsPerSecond,
    etaSeconds: eventsPerSecond > 0 ? Math.ceil(left / eventsPerSecond) : left === 0 ? 0 : null,
  };
}

function assertCollection(collection: string): void {
  if (!COLLECTION.test(collection)) {
    throw new RangeError(`collection '${collection}' must be 1–64 letters, digits, '_' or '-'`);
  }
}

/** The collections a namespace holds, from the registered definition of that projection version. */
function collectionsOf(info: NamespaceInfo): string[] {
  const projection = ALL_PROJECTIONS.find((p) => p.name === info.projection && p.version === info.version);
  return projection ? Object.keys(projection.collections) : [];
}
