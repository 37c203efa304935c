import type { AnyBulkWriteOperation } from 'mongodb';
import type { AsyncVersionTable, DocumentVersion } from '../../core/document-versions';
import type { DocumentRef } from '../../core/projection';
import type { VersionRow } from './mongo-version-rows';

/**
 * Reads a document's current versions as stored before the batch: those dated before `below` (all when
 * null), newest first, down to and including the first one dated before `date`. Returned ascending.
 */
export type CurrentVersionLoader = (
  ref: { collection: string; id: string },
  below: string | null,
  date: string,
) => Promise<DocumentVersion[]>;

interface Slot {
  validFrom: string;
  /** JSON, parsed afresh for each reader: `evolve` never shares an object with the store. */
  json: string | null;
  /** The row this batch inserted for it; undefined for a row stored before the batch. */
  staged?: VersionRow;
}

interface StagedDocument {
  collection: string;
  id: string;
  /** Current versions, ascending, complete from `coveredFrom` on ('' when complete). */
  slots: Slot[];
  coveredFrom: string;
}

/**
 * The version table one batch works on: a document's current versions are read once, the batch's changes
 * are kept here, and `writes()` turns them into one ordered bulk write — one round trip per document
 * touched plus one for the batch, instead of several per event.
 *
 * Why the reads stay valid: an event dated D changes only versions dated D or later, and the document's
 * versions from `coveredFrom` on are all in memory, so what is stored before `coveredFrom` is untouched by
 * the batch and can be read from the database when an earlier-dated event asks for it.
 */
export class StagedVersionTable implements AsyncVersionTable {
  private readonly documents = new Map<string, StagedDocument>();
  private readonly supersededRows: { collection: string; id: string; validFrom: string; position: number }[] = [];
  private readonly insertedRows: VersionRow[] = [];

  constructor(private readonly load: CurrentVersionLoader) {}

  async versionsFrom(ref: DocumentRef, date: string): Promise<DocumentVersion[]> {
    const document = await this.covering(ref, date);
    const before = document.slots.filter((slot) => slot.validFrom < date).pop();
    return document.slots
      .filter((slot) => slot === before || slot.validFrom >= date)
      .map((slot) => ({ validFrom: slot.validFrom, doc: slot.json === null ? null : JSON.parse(slot.json) }));
  }

  async supersede(ref: DocumentRef, validFrom: string, position: number): Promise<void> {
    const document = this.staged(ref);
    const index = document.slots.findIndex((slot) => slot.validFrom === validFrom);
    if (index < 0) throw new Error(`no current version of ${ref.collection}/${ref.id} from ${validFrom} to supersede`);
    const [slot] = document.slots.splice(index, 1);
    if (slot.staged) {
      slot.staged.knownUntil = position;
      slot.staged.current = false;
    } else {
      this.supersededRows.push({ collection: document.collection, id: document.id, validFrom, position });
    }
  }

  async insert(ref: DocumentRef, version: DocumentVersion, position: number): Promise<void> {
    const document = this.staged(ref);
    if (document.slots.some((slot) => slot.validFrom === version.validFrom)) {
      throw new Error(`${ref.collection}/${ref.id} already has a current version from ${version.validFrom}`);
    }
    // Stored as the JSON round trip of the document, so it reads back exactly as the other stores give it.
    const json = version.doc === null ? null : JSON.stringify(version.doc);
    const row: VersionRow = {
      collection: document.collection,
      id: document.id,
      validFrom: version.validFrom,
      knownFrom: position,
      knownUntil: null,
      current: true,
      doc: json === null ? null : JSON.parse(json),
    };
    this.insertedRows.push(row);
    const at = document.slots.findIndex((slot) => slot.validFrom > version.validFrom);
    document.slots.splice(at < 0 ? document.slots.length : at, 0, { validFrom: version.validFrom, json, staged: row });
  }

  /**
   * The batch as one ordered bulk write: stored rows are closed before new ones are inserted, so a new
   * current version never meets the one it replaces in the unique index of current versions.
   */
  writes(): AnyBulkWriteOperation<VersionRow>[] {
    return [
      ...this.supersededRows.map(({ collection, id, validFrom, position }) => ({
        updateOne: {
          filter: { collection, id, validFrom, current: true },
          update: { $set: { current: false, knownUntil: position } },
        },
      })),
      ...this.insertedRows.map((row) => ({ insertOne: { document: { ...row } } })),
    ];
  }

  /** How many stored rows `writes()` closes: the bulk write must match exactly that many. */
  get supersededCount(): number {
    return this.supersededRows.length;
  }

  private staged(ref: DocumentRef): StagedDocument {
    const document = this.documents.get(keyOf(ref));
    // versionsFrom always comes first for a document: the shared algorithm reads before it writes.
    if (!document) throw new Error(`${ref.collection}/${ref.id} was changed before its versions were read`);
    return document;
  }

  /** The document's staged versions, read from the store as far back as `date` needs. */
  private async covering(ref: DocumentRef, date: string): Promise<StagedDocument> {
    const key = keyOf(ref);
    let document = this.documents.get(key);
    if (!document) {
      document = { collection: ref.collection, id: ref.id, slots: [], coveredFrom: '' };
      document.coveredFrom = this.extend(document, await this.load(document, null, date), date);
      this.documents.set(key, document);
      return document;
    }
    const known = document.coveredFrom === '' || document.slots.some((slot) => slot.validFrom < date);
    if (!known) {
      const earlier = await this.load(document, document.coveredFrom, date);
      document.coveredFrom = this.extend(document, earlier, date);
    }
    return document;
  }

  /** Puts stored versions (all earlier than the staged ones) in front; returns the new `coveredFrom`. */
  private extend(document: StagedDocument, versions: DocumentVersion[], date: string): string {
    const slots = versions.map((v) => ({
      validFrom: v.validFrom,
      json: v.doc === null ? null : JSON.stringify(v.doc),
    }));
    document.slots.unshift(...slots);
    // The loader stops at the first version before `date`: below it nothing is known yet. None: all is known.
    return slots.length > 0 && slots[0].validFrom < date ? slots[0].validFrom : '';
  }
}

function keyOf(ref: Pick<DocumentRef, 'collection' | 'id'>): string {
  return `${ref.collection}\u0000${ref.id}`;
}
