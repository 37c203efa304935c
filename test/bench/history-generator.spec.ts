import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandOf } from '../../bench/history-commands';
import { type HistoryAppend, HistoryGenerator, planHistory, writeHistory } from '../../bench/history-generator';
import { bootService } from '../../bench/service-app';
import type { StoredEvent } from '../../src/core/event-store.port';
import { InMemoryEventStore } from '../../src/infrastructure/memory/in-memory-event-store';
import { isSealedPersonalData } from '../../src/privacy/personal-data-cipher';

function generate(
  events: number,
  seed: number | string = 7,
): { appends: HistoryAppend[]; generator: HistoryGenerator } {
  const generator = new HistoryGenerator({ events, seed });
  return { appends: [...generator.appends()], generator };
}

/**
 * What the deciders decided and the envelope they were given, not how it was stored: personal data is
 * sealed by the command path (the generator's is plain), and the service stamps its own recording time.
 */
const essence = (event: Pick<StoredEvent, 'type' | 'data' | 'metadata'>) => ({
  type: event.type,
  data: { ...event.data, personal: 'personal' in event.data ? 'some' : 'none' },
  occurredOn: event.metadata.occurredOn,
  actor: event.metadata.actor,
  reason: event.metadata.reason,
});

describe('history generator', () => {
  const { appends, generator } = generate(6000);
  const events = appends.flatMap((append) => append.events);

  it('stops at the first append that reaches the number of events asked for', () => {
    expect(events.length).toBeGreaterThanOrEqual(6000);
    expect(events.length - appends[appends.length - 1].events.length).toBeLessThan(6000);
    expect(generator.summary().events).toBe(events.length);
  });

  it('is deterministic: the same seed gives the same history, another seed another one', () => {
    expect(generate(6000).appends).toEqual(appends);
    const other = generate(6000, 8).appends.flatMap((append) => append.events);
    expect(other.map((e) => e.data)).not.toEqual(events.map((e) => e.data));
  });

  it('records every kind of fact the issue asks for, with members the bulk of them', () => {
    const types = generator.summary().types;
    for (const type of [
      'FederationRegistered',
      'DevelopmentTargetSet',
      'WorkforceReported',
      'UnionFounded',
      'UnionDissolved',
      'MemberJoined',
      'MemberTransferred',
      'MemberLeft',
      'MemberForgotten',
      'FundOpened',
      'ContributionReceived',
      'PeriodClosed',
      'PeriodReopened',
      'SupportPaid',
      'EntryCorrected',
      'AwardGranted',
      'InitiativeRecognised',
      'ConferenceHeld',
      'ClusterFormed',
      'ClusterLeaderElected',
      'ScoringRuleAdopted',
      'EvaluationRecorded',
    ]) {
      expect([type, types[type] ?? 0]).toEqual([type, expect.any(Number)]);
      expect(types[type]).toBeGreaterThan(0);
    }
    const membership = types.MemberJoined + types.MemberLeft + types.MemberTransferred;
    expect(membership / events.length).toBeGreaterThan(0.5);
    expect(generator.summary().recordedLate).toBeGreaterThan(0);
  });

  it('grows the structure with the scale: more districts, unions and members for more events', () => {
    const small = planHistory({ events: 20_000 });
    const national = planHistory({ events: 100_000_000 });
    expect(small.districts).toBeGreaterThanOrEqual(6);
    expect(national.districts).toBeGreaterThan(small.districts * 100);
    expect(national.initialMembers / national.initialUnions).toBeCloseTo(38, 0);
  });

  it('keeps recording times growing with the log, each after the business date it records', () => {
    let previous = '';
    for (const event of events) {
      expect(event.metadata.recordedAt >= previous).toBe(true);
      previous = event.metadata.recordedAt;
      expect(event.metadata.occurredOn <= event.metadata.recordedAt.slice(0, 10)).toBe(true);
    }
  });

  it('writes through the event store port, one append per stream batch', async () => {
    const store = new InMemoryEventStore();
    const summary = await writeHistory(store, { events: 2000, seed: 3 });
    expect(await store.headPosition()).toBe(summary.events);
    const member = (await store.readStream('member-m-00000001')).map((e) => e.type);
    expect(member[0]).toBe('MemberJoined');
  });

  it('holds only commands the service accepts: sent through its command bus, they record the same facts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'union-ledger-history-'));
    const service = await bootService(join(folder, 'replay.sqlite'));
    try {
      await service.runner.stop();
      for (const append of appends) {
        for (const event of append.events) {
          const outcome = await service.send(commandOf(event));
          expect([event.type, outcome.streamId, outcome.replayed]).toEqual([event.type, append.streamId, false]);
        }
      }
      const replayed: StoredEvent[] = [];
      // Facts the service records beside a command in other streams (a union's roster entry, a federation's
      // cluster seat) are the service's own bookkeeping; the generator writes the commands' facts only.
      const besides = new Set(['MemberAdmitted', 'FederationEnteredCluster']);
      for await (const event of service.eventStore.readAll()) if (!besides.has(event.type)) replayed.push(event);
      expect(replayed.map(essence)).toEqual(events.map(essence));
      const joined = replayed.find((event) => event.type === 'MemberJoined')!;
      expect(isSealedPersonalData(joined.data.personal)).toBe(true);
    } finally {
      await service.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
