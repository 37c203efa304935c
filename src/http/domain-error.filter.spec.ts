import type { ArgumentsHost } from '@nestjs/common';
import { AppendTooLargeError } from '../core/event-store.port';
import { ErrorFilter } from './domain-error.filter';

function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return { json: (body: Record<string, unknown>) => void (sent.body = body) };
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

describe('ErrorFilter', () => {
  it('answers an append over the store limit with 413 and its rule, naming no stream', () => {
    const { status, body } = answer(new AppendTooLargeError(['member-secret-id'], 2_000_000, 1_048_576));
    expect(status).toBe(413);
    expect(body).toMatchObject({ statusCode: 413, rule: 'append.too-large' });
    expect(body.message).toContain('1048576 bytes');
    expect(body.message).not.toContain('member-secret-id');
  });
});
