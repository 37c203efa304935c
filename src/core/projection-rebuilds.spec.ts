import type { EventStore } from './event-store.port';
import { ProjectionRebuilds } from './projection-rebuilds';
import type { ProjectionRunner, RebuildResult } from './projection-runner';

/** A runner whose rebuild ends when the test says so. */
function fakeRunner() {
  let finish!: (result: RebuildResult) => void;
  let fail!: (error: Error) => void;
  const runner = {
    rebuild: jest.fn(
      () =>
        new Promise<RebuildResult>((resolve, reject) => {
          finish = resolve;
          fail = reject;
        }),
    ),
    status: async () => [{ name: 'funds', rebuild: { namespace: 'funds_v3_at7' } }],
  };
  return {
    runner: runner as unknown as ProjectionRunner,
    finish: (r: RebuildResult) => finish(r),
    fail: (e: Error) => fail(e),
  };
}

const events = { headPosition: async () => 10, positionAt: async () => 7 } as unknown as EventStore;
const clock = () => new Date('2026-06-30T03:00:00.000Z');
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('rebuilds started in the background', () => {
  it('answers with the namespace being built, then records how it ended', async () => {
    const { runner, finish } = fakeRunner();
    const rebuilds = new ProjectionRebuilds(runner, events, clock);
    const started = await rebuilds.start('funds', '2024-01-15T00:00:00+07:00');
    expect(started).toEqual({ name: 'funds', namespace: 'funds_v3_at7', until: 7, switchesOver: false });
    expect(rebuilds.lastOf('funds')).toMatchObject({ outcome: 'running', until: 7, finishedAt: null });

    finish({ namespace: 'funds_v3_at7', checkpoint: 7, live: false });
    await settle();
    expect(rebuilds.lastOf('funds')).toMatchObject({ outcome: 'done', checkpoint: 7 });
  });

  it('records a failure after the answer, and tells of it', async () => {
    const { runner, fail } = fakeRunner();
    const told: string[] = [];
    const rebuilds = new ProjectionRebuilds(runner, events, clock, (message) => told.push(message));
    await rebuilds.start('funds');
    fail(new Error('disk full'));
    await settle();
    expect(rebuilds.lastOf('funds')).toMatchObject({ outcome: 'failed', error: 'disk full' });
    expect(told).toEqual(["rebuild of projection 'funds' into 'funds_v3_at7' failed: disk full"]);
  });

  it('refuses an until that is not a position or an instant, or that the log has not reached', async () => {
    const { runner } = fakeRunner();
    const rebuilds = new ProjectionRebuilds(runner, events, clock);
    await expect(rebuilds.start('funds', 'yesterday')).rejects.toThrow('until must be a log position');
    await expect(rebuilds.start('funds', 11)).rejects.toThrow('until 11 is past the last event recorded (position 10)');
    expect(runner.rebuild).not.toHaveBeenCalled();
    expect(rebuilds.lastOf('funds')).toBeNull();
  });
});
