import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FreeText, freeTextProblem } from './free-text';

class Named {
  @FreeText({ max: 10 })
  name!: string;

  @FreeText({ max: 20, optional: true })
  note?: string;
}

const check = (body: object) => {
  const named = plainToInstance(Named, body);
  return { named, errors: validateSync(named).map((e) => [e.property, Object.values(e.constraints ?? {})]) };
};

describe('free texts', () => {
  it.each([
    ['Nguyễn Thị Lan'],
    ['Hoà Bình'],
    ['O’Brien & Sons'],
    ['עברית'], // right-to-left text is fine: only the override and isolate controls are refused
    ['a\u200Fb'], // a plain right-to-left mark
    ['😀 emoji'],
  ])('accepts %j', (text) => {
    expect(freeTextProblem('name', text)).toBeUndefined();
  });

  it.each([
    ['Ba\u0000Vì', 'control characters'],
    ['\u001b[31mred', 'control characters'],
    ['two\nlines', 'control characters'],
    ['tab\there', 'control characters'],
    ['c1\u0085', 'control characters'],
    ['half \uD83D', 'lone surrogate'],
    ['\uDE00 half', 'lone surrogate'],
    ['abc\u202Efed', 'bidirectional'],
    ['\u2066isolated\u2069', 'bidirectional'],
    ['   ', 'blank'],
    ['\u3000\u00A0', 'blank'],
    ['\u200B\uFEFF', 'blank'],
  ])('refuses %j, naming the field', (text, why) => {
    expect(freeTextProblem('name', text)).toMatch(new RegExp(`^name must .*${why}`));
  });

  it('stores text composed (NFC) and counts its length after composing', () => {
    const typed = 'Hoà Bình Y'.normalize('NFD'); // 10 characters composed, 12 as typed
    expect(typed.length).toBe(12);
    const { named, errors } = check({ name: typed });
    expect(errors).toEqual([]);
    expect(named.name).toBe('Hoà Bình Y'.normalize('NFC'));
  });

  it('refuses with the field named, and leaves an absent optional text alone', () => {
    expect(check({ name: 'ok' }).errors).toEqual([]);
    expect(check({ name: 'ok', note: ' \n ' }).errors).toEqual([
      ['note', ['note must not contain control characters (NUL, escape, tab or line breaks)']],
    ]);
    expect(check({ name: 12 }).errors[0][0]).toBe('name');
    expect(check({}).errors[0][0]).toBe('name');
  });
});
