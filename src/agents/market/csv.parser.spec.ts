import { parseCsv } from './csv.parser.js';

describe('parseCsv', () => {
  it('splits plain fields and records', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const text =
      'title,text\r\n"Bitcoin Below USD 34K, Ethereum Lower","He said ""hold""\nthen left"\r\n';
    expect(parseCsv(text)).toEqual([
      ['title', 'text'],
      ['Bitcoin Below USD 34K, Ethereum Lower', 'He said "hold"\nthen left'],
    ]);
  });

  it('keeps empty fields, skips blank lines, and reads a last record without a line end', () => {
    expect(parseCsv('a,,c\n\nx,"",z')).toEqual([
      ['a', '', 'c'],
      ['x', '', 'z'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"open\n')).toThrow(SyntaxError);
  });
});
