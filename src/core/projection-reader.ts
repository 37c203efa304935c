import {
  type DocumentOnDates,
  type ListOptions,
  type ReadAt,
  type ReadStore,
  UnknownNamespace,
  type VersionsOnOptions,
} from './read-store.port';

/**
 * What a projection's queries read through: one projection's live documents, whichever namespace
 * serves them now. Queries stay free of namespaces, switch-overs and paging.
 */
export interface ProjectionReader {
  get<Doc>(collection: string, id: string, at?: ReadAt): Promise<Doc | null>;
  /** Every document matching, page by page underneath, ordered by id. */
  listAll<Doc>(collection: string, options?: Omit<ListOptions, 'after' | 'limit'>): Promise<{ id: string; doc: Doc }[]>;
  /** One page, for endpoints that page themselves. */
  list<Doc>(collection: string, options?: ListOptions): Promise<{ id: string; doc: Doc }[]>;
  /** Each document's version on each date, in one read (see `ReadStore.versionsOn`). */
  versionsOn<Doc>(
    collection: string,
    dates: readonly string[],
    options?: VersionsOnOptions,
  ): Promise<DocumentOnDates<Doc>[]>;
}

/** The projection has not been built yet (first start, catching up into a new namespace). */
export class ReadModelNotReady extends Error {
  constructor(readonly projection: string) {
    super(`the ${projection} read model is still being built; retry shortly`);
    this.name = 'ReadModelNotReady';
  }
}

const PAGE = 1000;

export function projectionReader(store: ReadStore, projection: string): ProjectionReader {
  // A rebuild may switch namespaces between looking one up and reading it: look up again once.
  async function withLive<T>(read: (namespace: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const namespace = await store.liveNamespace(projection);
      if (!namespace) throw new ReadModelNotReady(projection);
      try {
        return await read(namespace);
      } catch (error) {
        if (!(error instanceof UnknownNamespace) || attempt > 1) throw error;
      }
    }
  }

  return {
    get: (collection, id, at) => withLive((ns) => store.get(ns, collection, id, at)),
    list: (collection, options) => withLive((ns) => store.list(ns, collection, options)),
    versionsOn: (collection, dates, options) =>
      withLive((ns) => store.versionsOn(ns, collection, { ...options, dates })),
    listAll: <Doc>(collection: string, options: Omit<ListOptions, 'after' | 'limit'> = {}) =>
      withLive(async (ns) => {
        const all: { id: string; doc: Doc }[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.list<Doc>(ns, collection, { ...options, after, limit: PAGE });
          all.push(...page);
          if (page.length < PAGE) return all;
          after = page[page.length - 1].id;
        }
      }),
  };
}
