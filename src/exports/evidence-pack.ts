import { createHash } from 'node:crypto';
import type { ProjectionStatus } from '../core/projection-runner';
import type { LedgerIntegrity } from '../integrity/ledger-integrity';
import { type LogDigest, parseDigest } from '../integrity/log-digest';
import type { VerificationReport } from '../integrity/verify-log';

export const EVIDENCE_PACK_FORMAT = 'union-ledger-evidence-pack/1';

/** The kinds of the lines the pack adds around the log export; every other line is the export's, verbatim. */
export const PACK_KINDS = ['pack', 'pack-verification', 'pack-projections', 'pack-end'] as const;
export type PackKind = (typeof PACK_KINDS)[number];

/**
 * An evidence pack for an audit: one newline-delimited JSON file, in this order:
 *
 *   pack               format, when, scope, and what follows
 *   header … end       the log export (`src/integrity/log-export.ts`), line for line: the events with their
 *                      hashes (and inclusion proofs for a federation's part), the latest seal, and the digest
 *   pack-verification  the service's verification of the whole log against that digest, and the independent
 *                      fund verification (figures recomputed from the events and reconciled with the read model)
 *   pack-projections   the projections used: name, version, serving namespace and checkpoint when the fund
 *                      verification read them
 *   pack-end           how many lines came before it, and the SHA-256 of those lines (each with its newline)
 *
 * Dropping the `pack…` lines gives back the export, which `npm run inspect` verifies offline (`logSliceOf`).
 */
export interface EvidencePackSources {
  integrity: LedgerIntegrity;
  federationId?: string;
  createdAt: Date;
  /** Computed before the first byte is sent, so a read model that is behind answers 503, not half a file. */
  fundVerification: unknown;
  projections: ProjectionStatus[];
}

export async function* evidencePack(sources: EvidencePackSources): AsyncGenerator<string> {
  const { integrity, federationId, createdAt } = sources;
  const sha = createHash('sha256');
  let lines = 0;
  const line = (value: object | string) => {
    const text = `${typeof value === 'string' ? value : JSON.stringify(value)}\n`;
    sha.update(text, 'utf8');
    lines += 1;
    return text;
  };

  yield line({
    kind: 'pack',
    format: EVIDENCE_PACK_FORMAT,
    createdAt: createdAt.toISOString(),
    scope: federationId === undefined ? { kind: 'log' } : { kind: 'federation', federationId },
    contents: ['log export (header … end, with its digest)', 'pack-verification', 'pack-projections', 'pack-end'],
  });

  let digest: LogDigest | undefined;
  let chunk = '';
  for await (const exported of integrity.export(federationId)) {
    if (exported.startsWith('{"kind":"digest"'))
      digest = parseDigest((JSON.parse(exported) as { digest: unknown }).digest);
    chunk += line(exported);
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;

  const verification: VerificationReport = await integrity.verify(digest);
  yield line({
    kind: 'pack-verification',
    integrity: verification,
    funds: sources.fundVerification,
  });
  yield line({
    kind: 'pack-projections',
    projections: sources.projections.map(({ name, version, namespace, state, checkpoint, head }) => ({
      name,
      version,
      namespace,
      state,
      checkpoint,
      head,
    })),
  });
  const sha256 = sha.digest('hex');
  yield `${JSON.stringify({ kind: 'pack-end', lines, sha256 })}\n`;
}

/** The log export inside a pack: its lines without the pack's own. */
export function isPackLine(line: string): boolean {
  return PACK_KINDS.some((kind) => line.startsWith(`{"kind":"${kind}"`));
}

export async function* logSliceOf(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  for await (const line of lines) if (line.trim() !== '' && !isPackLine(line)) yield line;
}
