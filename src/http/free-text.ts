import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsOptional,
  IsString,
  Length,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/** C0 controls (NUL, ESC, tab, CR, LF…), DEL and the C1 controls: nothing a name or a reason is written with. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a text read
 * differently from what it holds ("Trojan Source"). The plain marks LRM/RLM stay allowed.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** In a `u` regex a surrogate matches only when it is not half of a pair: a lone one, which no encoder can write. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Only spaces and invisible formatting characters (zero-width space, BOM, word joiner…). */
const BLANK = /^[\s\p{Cf}]*$/u;

/** What is wrong with a free text, in words that name the field; undefined when it is fine. */
export function freeTextProblem(field: string, text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return `${field} must be well-formed Unicode (it holds a lone surrogate)`;
  if (CONTROL.test(text)) return `${field} must not contain control characters (NUL, escape, tab or line breaks)`;
  if (BIDI_CONTROL.test(text)) return `${field} must not contain bidirectional override or isolate characters`;
  if (BLANK.test(text)) return `${field} must not be blank`;
  return undefined;
}

/** Text is stored composed (NFC), so "Hoà" typed on two keyboards is one string, compared and sorted as one. */
export const toNfc = (value: unknown): unknown => (typeof value === 'string' ? value.normalize('NFC') : value);

function IsCleanText(options?: ValidationOptions): PropertyDecorator {
  return (object, key) => {
    const propertyName = String(key);
    registerDecorator({
      name: 'isCleanText',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || freeTextProblem(propertyName, value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          freeTextProblem(propertyName, String(args?.value)) ?? `${propertyName} is not valid text`,
      },
    });
  };
}

export interface FreeTextOptions {
  /** Most characters allowed (after NFC). */
  max: number;
  /** Absent is allowed; present, it must still be clean text. */
  optional?: boolean;
  /** Replaces the type and length messages (e.g. to say why a reason is required). */
  message?: string;
}

/**
 * A name, title, reason or other text a person types: a string of 1 to `max` characters, with no control,
 * bidi-override or lone-surrogate characters and not blank, stored in NFC.
 */
export function FreeText({ max, optional = false, message }: FreeTextOptions) {
  const custom = message === undefined ? {} : { message };
  return applyDecorators(
    Transform(({ value }) => toNfc(value)),
    ...(optional ? [IsOptional()] : []),
    IsString(custom),
    Length(1, max, custom),
    IsCleanText(),
  );
}
