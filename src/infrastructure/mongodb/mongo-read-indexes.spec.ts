import { fieldIndexes, fieldIndexName, versionIndexes } from './mongo-read-indexes';

describe('MongoDB read-store indexes', () => {
  it('keeps one current version per document and date, and walks versions back from a date', () => {
    const [current, known] = versionIndexes();
    expect(current).toEqual({
      name: 'current_versions',
      key: { collection: 1, id: 1, validFrom: -1 },
      unique: true,
      partialFilterExpression: { current: true },
    });
    expect(known).toEqual({ name: 'known_versions', key: { collection: 1, id: 1, validFrom: -1, knownFrom: -1 } });
  });

  it('builds one index per declared field list, in declared order, ending with the id', () => {
    const indexes = fieldIndexes({
      collections: {
        unions: { indexes: [['federationId'], ['federationId', 'period.year']] },
        members: { indexes: [['federationId']] },
        targets: {},
      },
    });
    expect(indexes).toEqual([
      { name: fieldIndexName(['federationId']), key: { collection: 1, current: 1, 'doc.federationId': 1, id: 1 } },
      {
        name: fieldIndexName(['federationId', 'period.year']),
        key: { collection: 1, current: 1, 'doc.federationId': 1, 'doc.period.year': 1, id: 1 },
      },
    ]);
    expect(Object.keys(indexes[1].key)).toEqual(['collection', 'current', 'doc.federationId', 'doc.period.year', 'id']);
  });

  it('names an index by its fields alone, so preparing again asks for the same index', () => {
    expect(fieldIndexName(['a', 'b'])).toBe(fieldIndexName(['a', 'b']));
    expect(fieldIndexName(['a', 'b'])).not.toBe(fieldIndexName(['b', 'a']));
    expect(fieldIndexName(['a'])).toMatch(/^ix_[0-9a-f]{16}$/);
  });
});
