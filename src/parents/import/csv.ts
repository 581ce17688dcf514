/**
 * A small RFC 4180 CSV reader and writer: quoted fields, doubled quotes, CR/LF line ends,
 * a byte order mark, and ',' or ';' (what a Dutch spreadsheet writes) or a tab as
 * separator, detected from the header line. Files from Excel come as UTF-8 or as
 * Windows-1252 ("CSV (gescheiden door lijstscheidingsteken)"); both are read.
 */

export type CsvSeparator = ',' | ';' | '\t';
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** One record of a file, with the line of the file it starts on (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvTable {
  separator: CsvSeparator;
  /** Records in file order; blank lines are left out (their line numbers are not reused). */
  records: CsvRecord[];
}

export class CsvError extends Error {}

function detectSeparator(firstLine: string): CsvSeparator {
  const count = (c: string): number => firstLine.split(c).length - 1;
  const candidates: CsvSeparator[] = [',', ';', '\t'];
  return candidates.reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

/** Reads a whole file, keeping for each record the line it starts on (the header is line 1). */
export function readCsv(text: string): CsvTable {
  const input = text.replace(/^\uFEFF/, '');
  const end = input.search(/\r?\n|\r/);
  const separator = detectSeparator(end === -1 ? input : input.slice(0, end));
  const records: CsvRecord[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = (): void => {
    row.push(field);
    if (row.some((f) => f.trim() !== '')) records.push({ line: start, cells: row });
    row = [];
    field = '';
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && input[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted)
    throw new CsvError(
      `The file ends inside a quoted field (a " opened on line ${start} is not closed).`,
    );
  if (field !== '' || row.length) endRecord();
  return { separator, records };
}

/** The rows of a file (without line numbers), blank lines left out. */
export function parseCsv(text: string): string[][] {
  return readCsv(text).records.map((r) => r.cells);
}

const CP1252_HIGH =
  '\u20AC\uFFFD\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\uFFFD\u017D\uFFFD' +
  '\uFFFD\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\uFFFD\u017E\u0178';

/**
 * The text of an uploaded file: UTF-8 (with or without a byte order mark), UTF-16 with a
 * byte order mark, and otherwise Windows-1252, what Excel writes on a Dutch Windows
 * computer. A file that is not valid UTF-8 is read as Windows-1252.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    let text = '';
    for (const b of bytes)
      text += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    return { text, encoding: 'windows-1252' };
  }
}

/**
 * A text in the encoding a file came in, so a file written back (the rejected rows) opens
 * the same way: UTF-8 with a byte order mark (Excel then reads it as UTF-8), or Windows-1252
 * (a character it cannot hold becomes "?").
 */
export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  if (encoding !== 'windows-1252') return Buffer.from(`\uFEFF${text}`, 'utf8');
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const high = CP1252_HIGH.indexOf(ch);
    out[n++] =
      code < 0x80 || (code >= 0xa0 && code <= 0xff)
        ? code
        : high >= 0 && ch !== '\uFFFD'
          ? 0x80 + high
          : 0x3f;
  }
  return out.subarray(0, n);
}

/**
 * A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a CR)
 * gets a leading ' so it is shown as text (CSV or formula injection). A plain number or a
 * phone number such as +31 6 12345678 or -5 is left as it is: it holds no formula.
 */
export function neutralizeFormula(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value)) return value;
  if (/^[+-]?[0-9][0-9 ().,/-]*$/.test(value)) return value;
  return `'${value}`;
}

/**
 * Rows as CSV text with the given separator; a cell is quoted when it needs to be, and a
 * cell that would start a formula is neutralized (neutralizeFormula).
 */
export function writeCsv(rows: string[][], separator: CsvSeparator): string {
  const cell = (raw: string): string => {
    const v = neutralizeFormula(raw);
    return v.includes('"') || v.includes(separator) || /[\r\n]/.test(v) || /^\s|\s$/.test(v)
      ? `"${v.replace(/"/g, '""')}"`
      : v;
  };
  return rows.map((r) => r.map(cell).join(separator)).join('\r\n') + '\r\n';
}
