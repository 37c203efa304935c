import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { instanceName, isGoneFromThisMachine } from './instance-identity';

describe('instance identity', () => {
  it('names this process uniquely, by host and pid', () => {
    const name = instanceName();
    expect(name.startsWith(`${hostname()}:${process.pid}:`)).toBe(true);
    expect(instanceName()).not.toBe(name);
    expect(isGoneFromThisMachine(name)).toBe(false);
  });

  it('tells a process of this machine that has exited from one still running', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const name = `${hostname()}:${child.pid}:abcd`;
    expect(isGoneFromThisMachine(name)).toBe(false);
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    expect(isGoneFromThisMachine(name)).toBe(true);
  });

  it('knows nothing of other machines or of names of another form', () => {
    expect(isGoneFromThisMachine(`not-${hostname()}:999999:abcd`)).toBe(false);
    expect(isGoneFromThisMachine('an operator')).toBe(false);
  });
});
