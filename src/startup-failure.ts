import { InvalidConfiguration } from './config/app-config';
import { messageOf } from './core/error-message';

/**
 * What an operator reads when the service cannot start: one line per problem, no stack trace (that is for
 * LOG_LEVEL=debug or trace). A configuration problem names the setting; a port problem names the port.
 */
export function startupFailure(error: unknown, env: Record<string, string | undefined>): string[] {
  if (error instanceof InvalidConfiguration) {
    return error.problems.map((problem) => `cannot start: ${problem}`);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const port = (error as { port?: unknown } | null)?.port ?? env.PORT ?? 3000;
  if (code === 'EADDRINUSE') {
    return [`cannot start: port ${String(port)} is already in use; stop what holds it or set PORT to another port`];
  }
  if (code === 'EACCES') {
    return [`cannot start: not allowed to listen on port ${String(port)}; set PORT to 1024 or above`];
  }
  const message = messageOf(error);
  const lines = [`cannot start: ${message.replace(/\s*\n\s*/g, '; ')}`];
  if (['debug', 'trace'].includes(env.LOG_LEVEL ?? '') && error instanceof Error && error.stack)
    lines.push(error.stack);
  return lines;
}
