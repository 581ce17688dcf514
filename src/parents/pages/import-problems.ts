import type { TFunction } from 'i18next';
import type { FieldProblem } from '../../common/errors/domain-error';
import { encodeCsv, writeCsv } from '../import/csv';
import { IMPORT_COLUMNS } from '../import/import-columns';
import {
  CELL_COUNT_PROBLEM,
  IMPORT_PROBLEMS,
  type ImportFile,
} from '../import/parent-import.service';
import { ruleOf } from '../parent-rules';

/**
 * A row problem of the import in the staff member's words, named by the column of the file
 * (`capacity`, `languages`), as the school wrote it.
 */
export interface RowProblem {
  /** The column of the file, or '' for the row as a whole. */
  column: string;
  message: string;
}

const COLUMN_OF: [RegExp, string][] = [
  [/^givenName$/, 'given_name'],
  [/^familyName$/, 'family_name'],
  [/^role$/, 'role'],
  [/^capacity$/, 'capacity'],
  [/^languages(\.|$)/, 'languages'],
  [/^dutchLevel$/, 'dutch_level'],
  [/^messageLanguage$/, 'message_language'],
  [/^prefersSpoken$/, 'prefers_spoken'],
  [/^formOfAddress$/, 'form_of_address'],
  [/^children(\.|$)/, 'children'],
  [/^situations(\.|$)/, 'situations'],
  [/^skills$/, 'skills'],
  [/^interests$/, 'interests'],
  [/^availability$/, 'availability'],
  [/^postcodeArea$/, 'postcode_area'],
  [/^channels$/, 'channels'],
  [/^email$/, 'email'],
  [/^phone$/, 'phone'],
  [/^consents\.\d+\.method$/, 'consent_method'],
  [/^consents(\.|$)/, 'consent_matching'],
  [/^intakeNote$/, 'note'],
  [/^atSchoolSince$/, 'at_school_since'],
];

/** The column of the file a problem is about (intake field paths and column names alike). */
export function columnOf(field: string): string {
  if ((IMPORT_COLUMNS as readonly string[]).includes(field)) return field;
  return COLUMN_OF.find(([re]) => re.test(field))?.[1] ?? '';
}

/** One row's problems as sentences, one per column (the first reason for each). */
export function rowProblems(t: TFunction, errors: FieldProblem[] | undefined): RowProblem[] {
  const out = new Map<string, string>();
  for (const e of errors ?? []) {
    const first = e.messages[0] ?? '';
    let column = columnOf(e.field);
    let message: string;
    const cells = CELL_COUNT_PROBLEM.exec(first);
    if (e.field === 'row' && cells) {
      column = '';
      message = t('import.problem.cellCount', {
        cells: Number(cells[1]),
        header: Number(cells[2]),
      });
    } else if (e.field === 'external_id') {
      message = t(
        first === IMPORT_PROBLEMS.externalIdTwice
          ? 'import.problem.externalIdTwice'
          : 'import.problem.externalIdMissing',
      );
    } else {
      const rule = ruleOf(first);
      message = rule
        ? t(`errors.rule.${rule}`)
        : column
          ? t(`import.problem.column.${column}`)
          : t('import.problem.other');
    }
    if (!out.has(column)) out.set(column, message);
  }
  return [...out].map(([column, message]) => ({ column, message }));
}

/** The problems of a row in one cell: "capacity: … | languages: …". */
export function problemsText(t: TFunction, problems: RowProblem[]): string {
  return problems
    .map((p) =>
      p.column ? t('import.problem.inColumn', { column: p.column, message: p.message }) : p.message,
    )
    .join(' | ');
}

/**
 * The rejected rows as a file the school can correct and import again: the same columns
 * and separator, in the same encoding, with the reasons in an `import_errors` column
 * (which the import leaves alone).
 */
export function rejectedFile(
  t: TFunction,
  file: ImportFile,
  rejected: { line: number; errors?: FieldProblem[] }[],
): Buffer {
  const errorColumn = file.header.indexOf('import_errors');
  const header = [...file.headerCells];
  if (errorColumn === -1) header.push('import_errors');
  const width = file.header.length;
  const cellsAt = new Map(file.rows.map((r) => [r.line, r.cells]));
  const rows = rejected.map((r) => {
    const cells = [...(cellsAt.get(r.line) ?? [])];
    while (cells.length < width) cells.push('');
    const text = problemsText(t, rowProblems(t, r.errors));
    if (errorColumn === -1) cells.push(text);
    else cells[errorColumn] = text;
    return cells;
  });
  return encodeCsv(writeCsv([header, ...rows], file.separator), file.encoding);
}
