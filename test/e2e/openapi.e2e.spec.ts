import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { RULE_IDS, ruleCatalogueMarkdown } from '../../src/core/rule-catalogue';
import { createTestApp, type TestApp } from '../support/test-app';

interface Response {
  description: string;
  content?: Record<string, { schema?: { $ref?: string; type?: string } }>;
  headers?: Record<string, unknown>;
}
interface Operation {
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  parameters?: unknown[];
  description?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_SCHEMA = '#/components/schemas/ErrorResponse';
const GENERATOR = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');

/** A small program a client developer would write against the generated types. */
const CLIENT_PROGRAM = `
import type { components, paths } from './api';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type ErrorResponse = components['schemas']['ErrorResponse'];

const register: Json<paths['/federations']['post']['requestBody']> = {
  id: 'ba-vi', name: 'LĐLĐ huyện Ba Vì', level: 'district', parentId: 'ha-noi', occurredOn: '1991-01-01',
};
const recorded: Json<paths['/federations']['post']['responses'][201]> = {} as never;
const position: number = recorded.position;

const conflict: ErrorResponse = { statusCode: 409, error: 'Conflict', message: 'refused', rule: 'history.later-fact' };
const invalid: Json<paths['/members']['post']['responses'][400]> = {
  statusCode: 400, error: 'Bad Request', message: ['fullName must not be blank'],
  errors: [{ field: 'fullName', messages: ['fullName must not be blank'] }],
};
// @ts-expect-error a rule id the catalogue does not list
const unknownRule: ErrorResponse['rule'] = 'fund.insufficient-balance';
const limited: Json<paths['/events']['get']['responses'][429]> = conflict;
const unsupported: Json<paths['/unions']['post']['responses'][415]> = conflict;

const ranking: Json<paths['/read/clusters/{clusterId}/years/{year}/ranking']['get']['responses'][200]> = {} as never;
const leader: string | undefined = ranking.leader?.federationId;
const deputy: string | null | undefined = ranking.leader?.deputyFederationId;
const weights: number | undefined = ranking.scoringRule?.weights.awards;
const score: number | null | undefined = ranking.federations[0]?.score;
const target: number | undefined = ranking.federations[0]?.figures.target?.newMembers;

const log: Json<paths['/events']['get']['responses'][200]> = {} as never;
const next: number | null = log.next;
const actor: string | undefined = log.events[0]?.metadata.actor;
const history: Json<paths['/history/{kind}/{id}']['get']['responses'][200]> = {} as never;
const firstType: string | undefined = history.events[0]?.type;

export const used = [register, position, invalid, unknownRule, limited, unsupported, leader, deputy, weights, score,
  target, next, actor, firstType];
`;

/**
 * The served OpenAPI document is complete enough to generate a client from: every operation says what it
 * answers on success, every error answer has the one error schema, and a TypeScript client generated from
 * it with openapi-typescript compiles a program that uses the commands, errors, ranking and log.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: {
    info: { description: string };
    components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  };
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) =>
        item[method] ? [{ name: `${method.toUpperCase()} ${path}`, path, op: item[method] }] : [],
      ),
    );

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/docs/json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('declares a success schema for every operation (204 answers have no body)', () => {
    const without = operations()
      .filter(({ op }) => {
        const successes = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
        if (successes.length === 0) return true;
        return !successes.every(
          ([code, response]) =>
            code === '204' || Object.values(response.content ?? {}).some((media) => media.schema !== undefined),
        );
      })
      .map(({ name }) => name);
    expect(without).toEqual([]);
  });

  it('answers every error with the one error schema (the health report keeps its own)', () => {
    const without = operations().flatMap(({ name, path, op }) =>
      Object.entries(op.responses)
        .filter(([code]) => Number(code) >= 400)
        .filter(([, response]) => {
          const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
          if (path.startsWith('/health') && schemas.some((schema) => schema !== undefined)) return false;
          return !schemas.some((schema) => schema?.$ref === ERROR_SCHEMA);
        })
        .map(([code]) => `${name} ${code}`),
    );
    expect(without).toEqual([]);
  });

  it('declares 401, 403 and 429 on guarded routes, 400, 413 and 415 on bodies, and all three credential forms', () => {
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      'api-key',
      'api-key-authorization',
      'bearer',
    ]);
    const missing = operations().flatMap(({ name, op }) => {
      const needed = [
        ...((op.security ?? []).length > 0 ? ['401', '403', '429'] : []),
        ...(op.requestBody ? ['400', '413', '415'] : []),
      ];
      const schemes = (op.security ?? []).flatMap((requirement) => Object.keys(requirement)).sort();
      const wrongSchemes =
        (op.security ?? []).length > 0 && schemes.join() !== 'api-key,api-key-authorization,bearer' ? ['schemes'] : [];
      return [...needed.filter((code) => !(code in op.responses)), ...wrongSchemes].map((what) => `${name} ${what}`);
    });
    expect(missing).toEqual([]);
    expect(operations().length).toBeGreaterThan(50);
  });

  it('lists the rule catalogue: the enum of `rule`, and the table with meanings in the description', () => {
    const ruleId = document.components?.schemas?.RuleId as { enum: string[]; 'x-enum-descriptions': string[] };
    expect(ruleId.enum).toEqual(RULE_IDS);
    expect(ruleId['x-enum-descriptions']).toHaveLength(RULE_IDS.length);
    expect(document.info.description).toContain(ruleCatalogueMarkdown());
  });

  it("states the ranking's method in the ranking route", () => {
    const ranking = document.paths['/read/clusters/{clusterId}/years/{year}/ranking'].get as Operation;
    for (const part of [
      'Σ (weight × points) ÷ Σ weights',
      'half up',
      'tieBreak',
      'rounded down',
      'federation id ascending',
    ])
      expect(ranking.description).toContain(part);
  });

  it('generates a TypeScript client that a program compiles against', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'union-ledger-client-'));
    try {
      // The generator's own command line, as a client developer runs it on the served document.
      writeFileSync(join(folder, 'openapi.json'), JSON.stringify(document));
      execFileSync(process.execPath, [GENERATOR, join(folder, 'openapi.json'), '--output', join(folder, 'api.ts')], {
        stdio: 'pipe',
      });
      writeFileSync(join(folder, 'client.ts'), CLIENT_PROGRAM);
      const program = ts.createProgram([join(folder, 'client.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map(
          (d) =>
            `${d.file?.fileName.slice(folder.length) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
