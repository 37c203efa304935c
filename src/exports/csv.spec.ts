import { csvRow, numberCell, textCell } from './csv';

describe('CSV cells', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+84 912', "'+84 912"],
    ['-1+1', "'-1+1"],
    ['@cmd', "'@cmd"],
    [' =HYPERLINK("http://x")', `"' =HYPERLINK(""http://x"")"`],
    ['   +1', "'   +1"],
    ['\u00A0=1', "'\u00A0=1"],
    ['\u3000@x', "'\u3000@x"],
    ['\t=1', "'\t=1"],
    ['\tplain', "'\tplain"],
    ['\r=1', `"'\r=1"`],
    ['\n=1', `"'\n=1"`],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    [' ＝1', "' ＝1"],
  ])('neutralises %j as a formula', (value, written) => {
    expect(textCell(value)).toBe(written);
  });

  it.each(['Nguyễn Thị Lan', 'a=b', 'Quỹ 1+1', 'x@y.vn', '2023-01-01', 'hk-2020-thu-0001', ''])(
    'leaves %j as it is',
    (value) => {
      expect(textCell(value)).toBe(value);
    },
  );

  it('quotes commas, quotes and line breaks', () => {
    expect(textCell('a, "b"\r\nc')).toBe('"a, ""b""\r\nc"');
  });

  it('writes numbers as numbers, negative ones too', () => {
    expect(csvRow([numberCell(-500_000), numberCell(12n), numberCell(null)])).toBe('-500000,12,\r\n');
    expect(() => numberCell(0.5)).toThrow(RangeError);
  });
});
