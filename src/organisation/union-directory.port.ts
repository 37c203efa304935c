/**
 * Which grassroots unions a federation has: the one question a merge or a dissolution must ask that no
 * single stream answers. Served from the membership read model, caught up to the log's head first.
 */
export interface UnionDirectory {
  /** Unions attached directly to the federation on the date or today, by id. */
  unionsOf(federationId: string, date: string): Promise<string[]>;
}

export const UNION_DIRECTORY = Symbol('UnionDirectory');
