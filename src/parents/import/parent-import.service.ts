import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError as CVError } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { DomainError, FieldProblem, ValidationError } from '../../common/errors/domain-error';
import { CreateParentDto, ParentFieldsDto } from '../dto/parent-input.dto';
import { Parent } from '../parent.entity';
import { ParentsRepository } from '../parents.repository';
import { ParentsService } from '../parents.service';
import { CsvEncoding, CsvError, CsvRecord, CsvSeparator, decodeCsv, readCsv } from './csv';
import { householdIdFor, IMPORT_COLUMNS, REQUIRED_COLUMNS, rowToPlain } from './import-columns';

export const MAX_IMPORT_ROWS = 5000;
/** New parents written per transaction by an import. */
export const IMPORT_BATCH_ROWS = 1000;
/** The largest file accepted (the API's body limit and the workspace's upload limit). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/**
 * Columns that may be present but are not read: `import_errors` is the column the
 * workspace adds to the file of rejected rows, so that file can be corrected and imported.
 */
export const IGNORED_COLUMNS = ['import_errors'] as const;

/** The sentences of row problems found before the intake rules run. */
export const IMPORT_PROBLEMS = {
  externalIdMissing: 'external_id is required',
  externalIdTwice: 'external_id appears earlier in the file',
  cellCount: (cells: number, header: number): string =>
    `the row has ${cells} cells, the header ${header}`,
};
export const CELL_COUNT_PROBLEM = /^the row has (\d+) cells, the header (\d+)$/;

export interface ImportRowResult {
  /** Line in the file where the row starts (the header is line 1; blank lines count). */
  line: number;
  externalId: string | null;
  result: 'created' | 'updated' | 'unchanged' | 'rejected';
  parentId?: string;
  errors?: FieldProblem[];
}

export interface ImportReport {
  rows: ImportRowResult[];
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A file as the import reads it: its encoding, separator, header and rows. */
export interface ImportFile {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  /** The header as written (trimmed), for writing rows back in the same layout. */
  headerCells: string[];
  /** The header's column names as recognised (trimmed, lower case). */
  header: string[];
  rows: CsvRecord[];
}

/** One row checked without storing anything. */
export interface PreviewRow {
  line: number;
  externalId: string | null;
  /** new: will be created; known: a parent with this external_id exists (updated if changed). */
  outcome: 'new' | 'known' | 'rejected';
  errors?: FieldProblem[];
  /** The intake the row becomes (for rows that are not rejected). */
  intake?: CreateParentDto;
}

export interface ImportPreview {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  /** The columns read, in file order (ignored ones left out). */
  columns: string[];
  ignoredColumns: string[];
  rows: PreviewRow[];
  new: number;
  known: number;
  rejected: number;
}

function flatten(errors: CVError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Reads an import file (text, or the bytes of an upload in UTF-8 or Windows-1252) and
 * checks its header; throws the same errors the API answers with.
 */
export function readImportFile(input: string | Uint8Array): ImportFile {
  const { text, encoding } =
    typeof input === 'string' ? { text: input, encoding: 'utf-8' as const } : decodeCsv(input);
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(text);
  } catch (err) {
    throw new ValidationError(
      'import.malformed_csv',
      err instanceof CsvError ? err.message : 'The file is not valid CSV.',
    );
  }
  if (table.records.length < 2)
    throw new ValidationError(
      'import.empty',
      'The file needs a header line and at least one parent.',
    );
  const headerCells = table.records[0].cells.map((h) => h.trim());
  const header = headerCells.map((h) => h.toLowerCase());
  const known = [...IMPORT_COLUMNS, ...IGNORED_COLUMNS] as readonly string[];
  const unknown = header.filter((h) => !known.includes(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length || missing.length)
    throw new ValidationError(
      'import.bad_header',
      `The header does not match the documented layout.${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ''}`,
      [
        ...missing.map((c) => ({ field: c, messages: [`column ${c} is required`] })),
        ...unknown.map((c) => ({
          field: c,
          messages: [`column ${c} is not part of the layout`],
        })),
      ],
    );
  if (table.records.length - 1 > MAX_IMPORT_ROWS)
    throw new DomainError(
      'invalid',
      'import.too_many_rows',
      `A file may hold at most ${MAX_IMPORT_ROWS} parents; split it.`,
    );
  return {
    encoding,
    separator: table.separator,
    headerCells,
    header,
    rows: table.records.slice(1),
  };
}

/** A row read and checked against the intake DTO (not yet against the stored parents). */
interface CheckedRow {
  line: number;
  externalId: string | null;
  record: Record<string, string>;
  dto?: CreateParentDto;
  errors?: FieldProblem[];
}

/**
 * Bulk intake from a school's parent list. All or nothing per row (new parents are written
 * in batches, see `import`); the external_id makes a second import of the same file change
 * nothing.
 * A preview checks every row the same way without storing anything.
 */
@Injectable()
export class ParentImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parents: ParentsService,
    private readonly repo: ParentsRepository,
  ) {}

  /** Reads the rows and checks each against the intake DTO (format, required values). */
  private async check(file: ImportFile): Promise<CheckedRow[]> {
    const seen = new Set<string>();
    const rows: CheckedRow[] = [];
    for (const { line, cells } of file.rows) {
      // A large file is checked in slices, so other requests are answered meanwhile.
      if (rows.length % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
      const record: Record<string, string> = {};
      file.header.forEach((h, j) => (record[h] = cells[j] ?? ''));
      const externalId = record.external_id?.trim() || null;
      const reject = (field: string, message: string): void => {
        rows.push({ line, externalId, record, errors: [{ field, messages: [message] }] });
      };
      if (cells.length > file.header.length) {
        reject('row', IMPORT_PROBLEMS.cellCount(cells.length, file.header.length));
        continue;
      }
      if (!externalId) {
        reject('external_id', IMPORT_PROBLEMS.externalIdMissing);
        continue;
      }
      if (seen.has(externalId)) {
        reject('external_id', IMPORT_PROBLEMS.externalIdTwice);
        continue;
      }
      seen.add(externalId);
      const { plain, problems } = rowToPlain(record);
      const dto = plainToInstance(CreateParentDto, plain);
      const errors = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
      const formatErrors = problems.map((p) => ({ field: p.split(' ')[0], messages: [p] }));
      if (errors.length || formatErrors.length)
        rows.push({ line, externalId, record, errors: [...formatErrors, ...errors] });
      else rows.push({ line, externalId, record, dto });
    }
    return rows;
  }

  /**
   * What an import of this file would do, without storing anything: every row checked
   * with the intake's rules, and whether its external_id is already known.
   */
  async preview(
    actor: Actor,
    schoolId: string,
    input: string | Uint8Array,
  ): Promise<ImportPreview> {
    const file = readImportFile(input);
    const checked = await this.check(file);
    const refs = checked.flatMap((r) => (r.dto && r.externalId ? [r.externalId] : []));
    const existing = new Map(
      (refs.length
        ? await this.dataSource.getRepository(Parent).find({
            select: { externalRef: true, consents: true },
            where: { schoolId, externalRef: In(refs) },
          })
        : []
      ).map((p) => [p.externalRef!, p.consents]),
    );
    const rows: PreviewRow[] = checked.map((r) => {
      const base = { line: r.line, externalId: r.externalId };
      if (!r.dto) return { ...base, outcome: 'rejected', errors: r.errors };
      try {
        // The intake's rules across fields (capacity, channels, consent), as at enrollment.
        this.parents.buildValues(actor, r.dto, existing.get(r.externalId!) ?? {});
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        return {
          ...base,
          outcome: 'rejected',
          errors: err.fields ?? [{ field: 'row', messages: [err.message] }],
        };
      }
      return { ...base, outcome: existing.has(r.externalId!) ? 'known' : 'new', intake: r.dto };
    });
    const count = (o: PreviewRow['outcome']): number => rows.filter((r) => r.outcome === o).length;
    return {
      encoding: file.encoding,
      separator: file.separator,
      columns: file.header.filter((h) => !(IGNORED_COLUMNS as readonly string[]).includes(h)),
      ignoredColumns: file.header.filter((h) => (IGNORED_COLUMNS as readonly string[]).includes(h)),
      rows,
      new: count('new'),
      known: count('known'),
      rejected: count('rejected'),
    };
  }

  /**
   * Imports a file: every row is checked first (format, the intake's rules, whether its
   * external_id is known); then the new parents are written in batches of
   * IMPORT_BATCH_ROWS, one transaction and a few statements per batch (parents, audit
   * entries, welcome messages), and known parents are updated row by row. A rejected row
   * stores nothing, and no row is ever half written: should a batch fail as a whole (say a
   * concurrent import took one of its external_ids meanwhile), its rows are written one by
   * one, each in its own transaction, as before. `progress` is told after every step.
   */
  async import(
    actor: Actor,
    schoolId: string,
    input: string | Uint8Array,
    progress?: (done: number, total: number) => Promise<void> | void,
  ): Promise<ImportReport> {
    const file = readImportFile(input);
    return this.importFile(actor, schoolId, file, progress);
  }

  async importFile(
    actor: Actor,
    schoolId: string,
    file: ImportFile,
    progress?: (done: number, total: number) => Promise<void> | void,
  ): Promise<ImportReport> {
    const checked = await this.check(file);
    const results: ImportRowResult[] = new Array<ImportRowResult>(checked.length);
    const refs = checked.flatMap((r) => (r.dto && r.externalId ? [r.externalId] : []));
    // The known parents in one read (an entity read: encrypted fields come decrypted).
    const known = new Map(
      (refs.length
        ? await this.dataSource
            .getRepository(Parent)
            .find({ where: { schoolId, externalRef: In(refs) } })
        : []
      ).map((p) => [p.externalRef!, p]),
    );
    const toCreate: { index: number; row: CheckedRow & { dto: CreateParentDto } }[] = [];
    const toUpdate: { index: number; row: CheckedRow & { dto: CreateParentDto } }[] = [];
    checked.forEach((row, index) => {
      if (!row.dto) {
        results[index] = {
          line: row.line,
          externalId: row.externalId,
          result: 'rejected',
          errors: row.errors,
        };
        return;
      }
      const ready = row as CheckedRow & { dto: CreateParentDto };
      const existing = known.get(row.externalId!);
      if (existing) {
        // A row that would change nothing is not written (and needs no transaction).
        const householdId = this.householdOf(schoolId, row.record);
        try {
          if (
            this.sameContent(actor, existing, row.dto) &&
            (!householdId || householdId === existing.householdId)
          ) {
            results[index] = {
              line: row.line,
              externalId: row.externalId,
              result: 'unchanged',
              parentId: existing.id,
            };
            return;
          }
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // Rejected by the intake's rules: the row's own import says why, as before.
        }
        toUpdate.push({ index, row: ready });
        return;
      }
      try {
        // The intake's rules across fields (capacity, channels, consent), before any write.
        this.parents.buildValues(actor, row.dto, {});
        toCreate.push({ index, row: ready });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results[index] = {
          line: row.line,
          externalId: row.externalId,
          result: 'rejected',
          errors: err.fields ?? [{ field: 'row', messages: [err.message] }],
        };
      }
    });
    const total = toCreate.length + toUpdate.length;
    let done = 0;
    await progress?.(done, total);
    for (let i = 0; i < toCreate.length; i += IMPORT_BATCH_ROWS) {
      const batch = toCreate.slice(i, i + IMPORT_BATCH_ROWS);
      try {
        const ids = await this.dataSource.transaction((m) =>
          this.parents.enrollMany(
            actor,
            schoolId,
            batch.map(({ row }) => ({
              dto: row.dto,
              externalRef: row.externalId!,
              householdId: this.householdOf(schoolId, row.record),
            })),
            m,
          ),
        );
        batch.forEach(({ index, row }, j) => {
          results[index] = {
            line: row.line,
            externalId: row.externalId,
            result: 'created',
            parentId: ids[j],
          };
        });
      } catch {
        // The whole batch was rolled back: each of its rows on its own, as a single import.
        for (const { index, row } of batch)
          results[index] = await this.importRow(
            actor,
            schoolId,
            row.line,
            row.externalId!,
            row.record,
            row.dto,
          );
      }
      done += batch.length;
      await progress?.(done, total);
    }
    for (const { index, row } of toUpdate) {
      results[index] = await this.importRow(
        actor,
        schoolId,
        row.line,
        row.externalId!,
        row.record,
        row.dto,
      );
      done++;
      if (done % IMPORT_BATCH_ROWS === 0) await progress?.(done, total);
    }
    if (toUpdate.length) await progress?.(done, total);
    const count = (r: ImportRowResult['result']): number =>
      results.filter((x) => x.result === r).length;
    return {
      rows: results,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
    };
  }

  private householdOf(schoolId: string, record: Record<string, string>): string | undefined {
    return record.household?.trim() ? householdIdFor(schoolId, record.household) : undefined;
  }

  private async importRow(
    actor: Actor,
    schoolId: string,
    line: number,
    externalId: string,
    record: Record<string, string>,
    dto: CreateParentDto,
  ): Promise<ImportRowResult> {
    const householdId = this.householdOf(schoolId, record);
    try {
      return await this.dataSource.transaction(async (m) => {
        const existing = await this.repo.findByExternalRef(m, schoolId, externalId);
        if (!existing) {
          const parent = await this.parents.enroll(actor, schoolId, dto, {
            externalRef: externalId,
            householdId,
            manager: m,
          });
          return { line, externalId, result: 'created' as const, parentId: parent.id };
        }
        if (
          this.sameContent(actor, existing, dto) &&
          (!householdId || householdId === existing.householdId)
        )
          return { line, externalId, result: 'unchanged' as const, parentId: existing.id };
        await this.parents.update(actor, schoolId, existing.id, dto, existing.version, {
          manager: m,
        });
        if (householdId && householdId !== existing.householdId)
          await m.update(Parent, { id: existing.id }, { householdId });
        return { line, externalId, result: 'updated' as const, parentId: existing.id };
      });
    } catch (err) {
      if (err instanceof DomainError)
        return {
          line,
          externalId,
          result: 'rejected',
          errors: err.fields ?? [{ field: 'row', messages: [err.message] }],
        };
      throw err;
    }
  }

  /** Whether the row would change nothing (values normalised the same way as an intake). */
  private sameContent(actor: Actor, existing: Parent, dto: ParentFieldsDto): boolean {
    const incoming = this.parents.buildValues(actor, dto, {});
    const current = this.parents.buildValues(
      actor,
      this.parents.fieldsOf(existing),
      existing.consents,
      false,
    );
    const grants = (c: Parent['consents']): Record<string, boolean> =>
      Object.fromEntries(
        Object.entries(c)
          .map(([k, v]) => [k, v?.granted ?? false])
          .sort(),
      );
    const { consents: a, ...restIncoming } = incoming;
    const { consents: b, ...restCurrent } = current;
    return (
      JSON.stringify(restIncoming) === JSON.stringify(restCurrent) &&
      JSON.stringify(grants(a)) === JSON.stringify(grants(b))
    );
  }
}
