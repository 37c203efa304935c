import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * A plan or emulation year in the path: four digits, 1900 or later. `ParseIntPipe` alone would take
 * `99999999999999999999` (a number past the safe integer range) and leave it to a business rule.
 * The global validation pipe may already have turned the segment into a number (NaN for words).
 */
@Injectable()
export class YearPipe implements PipeTransform<string | number, number> {
  transform(value: string | number): number {
    const year = typeof value === 'number' ? value : /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(year) || year < 1900 || year > 9999) {
      throw new BadRequestException('year must be a year written with four digits, 1900 or later');
    }
    return year;
  }
}
