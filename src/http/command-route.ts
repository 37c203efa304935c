import { applyDecorators, Controller, HttpCode } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Records } from '../auth/auth.decorators';
import type { CommandScope } from '../auth/command-scope';
import { CommandHeaders } from './command-envelope';
import { CommandResponseDto } from './command-response.dto';
import { CommandErrors } from './error-responses';

/** A controller of command routes: its OpenAPI tag, the headers and error answers every command route shares. */
export function CommandController(tag: string, path = '') {
  return applyDecorators(ApiTags(tag), CommandHeaders(), CommandErrors(), Controller(path));
}

/**
 * A command route, named by its command's table entry (whose scope the auth guard checks), answering
 * `CommandResponseDto`: 201 when it records something new, or 200 (`ok`) when it changes an existing entity.
 */
export function CommandRoute(entry: { scope: CommandScope }, answer: { ok?: true; description?: string } = {}) {
  const response = { type: CommandResponseDto, ...(answer.description ? { description: answer.description } : {}) };
  return applyDecorators(
    Records(entry),
    ...(answer.ok ? [HttpCode(200), ApiOkResponse(response)] : [ApiCreatedResponse(response)]),
  );
}
