import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { RULE_CATALOGUE, ruleCatalogueMarkdown } from '../core/rule-catalogue';
import { ErrorResponse, FieldErrorView } from './error-response.dto';

/** Where the document is served: the page, and the JSON a client generator reads. */
export const OPENAPI_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'docs/json';

const DESCRIPTION = [
  'Event-sourced records of a trade-union federation. Commands record facts; every success returns the stream ' +
    'revision and global position recorded.',
  '',
  'Errors all have the `ErrorResponse` shape: 400 malformed (`errors` names each field), 401 no valid credentials, ' +
    '403 out of your roles or federations, 404 unknown entity, 409 broken rule or concurrent change (`rule` names it, ' +
    'from the catalogue below), 413 body too large, 415 body not JSON, 429 past the rate limit (with Retry-After), ' +
    '503 a read model not caught up yet (with Retry-After); in every error case nothing is recorded.',
  '',
  'Every route but /health (live, ready) and /docs needs credentials, in one of three forms: `Authorization: Bearer <JWT>`, ' +
    '`Authorization: ApiKey <key>`, or `X-Api-Key: <key>`.',
  '',
  '## Rule catalogue',
  '',
  ruleCatalogueMarkdown(),
].join('\n');

/** Answers every error status can have, added where a route does not say more. */
const STANDARD_ERRORS: Record<string, string> = {
  '400': 'Malformed request: `message` lists each reason, `errors` groups them by field.',
  '401': 'No credentials, or credentials that are invalid, expired or revoked.',
  '403': 'Your roles (or, for a recorder, your federations) do not allow this.',
  '413': 'Request body too large.',
  '415': 'The body is not JSON: send it with Content-Type: application/json.',
  '429': 'Past the rate limit; Retry-After says in how many seconds to try again.',
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
};

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = { description: string; content?: Record<string, { schema?: unknown }>; headers?: object };

/** The document served at /docs/json, complete enough to generate a client from. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('union-ledger')
      .setDescription(DESCRIPTION)
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key, as issued.' }, 'api-key')
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'An API key in the Authorization header, written `ApiKey <key>`.',
        },
        'api-key-authorization',
      )
      .build(),
    { extraModels: [ErrorResponse, FieldErrorView] },
  );
  describeRules(document);
  for (const item of Object.values(document.paths)) {
    for (const operation of operationsOf(item)) completeErrors(operation);
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, createOpenApiDocument(app), { jsonDocumentUrl: OPENAPI_JSON_PATH });
}

/** What each rule id means, beside the enum (OpenAPI 3.0 has no description per enum value). */
function describeRules(document: OpenAPIObject): void {
  const schema = document.components?.schemas?.RuleId as Record<string, unknown> | undefined;
  if (!schema) throw new Error('the OpenAPI document has no RuleId schema');
  schema.description = 'The rule a 409 names; the API description lists what each means.';
  schema['x-enum-descriptions'] = RULE_CATALOGUE.map((entry) => entry.meaning);
}

function operationsOf(item: OpenAPIObject['paths'][string]): Operation[] {
  return (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => item[method] ?? []);
}

/**
 * Every error answer of a route references the one error schema; a route taking a body also declares 400,
 * 413 and 415, one taking parameters 400, and a guarded one 401, 403 and 429. A response a route describes
 * with its own schema (the health report's 503) keeps it.
 */
function completeErrors(operation: Operation): void {
  // A route guarded at both its controller and its method lists each scheme twice.
  if (operation.security) {
    operation.security = [...new Map(operation.security.map((r) => [JSON.stringify(r), r])).values()];
  }
  const responses = operation.responses as Record<string, ResponseObject>;
  const needed = new Set<string>();
  if (operation.requestBody) ['400', '413', '415'].forEach((code) => needed.add(code));
  if ((operation.parameters ?? []).length > 0) needed.add('400');
  if ((operation.security ?? []).length > 0) ['401', '403', '429'].forEach((code) => needed.add(code));
  for (const code of needed) responses[code] ??= { description: STANDARD_ERRORS[code] };

  for (const [code, response] of Object.entries(responses)) {
    if (Number(code) < 400) continue;
    const ownSchema = Object.values(response.content ?? {}).some((media) => media.schema !== undefined);
    if (!ownSchema) response.content = { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } };
    if (code === '429' || code === '503') response.headers = { ...RETRY_AFTER, ...response.headers };
  }
}
