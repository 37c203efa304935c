import { BadRequestException, Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ENTITY_ID_MESSAGE, ENTITY_ID_PATTERN } from './recorded-fact.dto';

/** Validates an entity id taken from the path (generated UUIDs fit the same pattern). */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ENTITY_ID_PATTERN.test(value)) throw new BadRequestException(`id '${value}' ${ENTITY_ID_MESSAGE}`);
    return value;
  }
}

/** An entity id from the path, validated: `@PathId() id` for `:id`, `@PathId('fundId') fundId` for `:fundId`. */
export const PathId = (name = 'id') => Param(name, EntityIdPipe);
