import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError as CVError } from 'class-validator';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { DomainError, FieldProblem, ValidationError } from '../../common/errors/domain-error';
import { CreateParentDto, ParentFieldsDto } from '../dto/parent-input.dto';
import { Parent } from '../parent.entity';
import { ParentsRepository } from '../parents.repository';
import { ParentsService } from '../parents.service';
import { CsvError, parseCsv } from './csv';
import { householdIdFor, IMPORT_COLUMNS, REQUIRED_COLUMNS, rowToPlain } from './import-columns';

export const MAX_IMPORT_ROWS = 5000;

export interface ImportRowResult {
  /** Line in the file (the header is line 1). */
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

function flatten(errors: CVError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Bulk intake from a school's parent list. Each row is its own transaction (all or
 * nothing per row); the external_id makes a second import of the same file change nothing.
 */
@Injectable()
export class ParentImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parents: ParentsService,
    private readonly repo: ParentsRepository,
  ) {}

  async import(actor: Actor, schoolId: string, csv: string): Promise<ImportReport> {
    let table: string[][];
    try {
      table = parseCsv(csv);
    } catch (err) {
      throw new ValidationError(
        'import.malformed_csv',
        err instanceof CsvError ? err.message : 'The file is not valid CSV.',
      );
    }
    if (table.length < 2)
      throw new ValidationError(
        'import.empty',
        'The file needs a header line and at least one parent.',
      );
    const header = table[0].map((h) => h.trim().toLowerCase());
    const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
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
    if (table.length - 1 > MAX_IMPORT_ROWS)
      throw new DomainError(
        'invalid',
        'import.too_many_rows',
        `A file may hold at most ${MAX_IMPORT_ROWS} parents; split it.`,
      );
    const seen = new Set<string>();
    const rows: ImportRowResult[] = [];
    for (let i = 1; i < table.length; i++) {
      const cells = table[i];
      const record: Record<string, string> = {};
      header.forEach((h, j) => (record[h] = cells[j] ?? ''));
      const externalId = record.external_id?.trim() || null;
      const line = i + 1;
      if (cells.length > header.length) {
        rows.push({
          line,
          externalId,
          result: 'rejected',
          errors: [
            {
              field: 'row',
              messages: [`the row has ${cells.length} cells, the header ${header.length}`],
            },
          ],
        });
        continue;
      }
      if (!externalId) {
        rows.push({
          line,
          externalId,
          result: 'rejected',
          errors: [{ field: 'external_id', messages: ['external_id is required'] }],
        });
        continue;
      }
      if (seen.has(externalId)) {
        rows.push({
          line,
          externalId,
          result: 'rejected',
          errors: [{ field: 'external_id', messages: ['external_id appears earlier in the file'] }],
        });
        continue;
      }
      seen.add(externalId);
      rows.push(await this.importRow(actor, schoolId, line, externalId, record));
    }
    const count = (r: ImportRowResult['result']): number =>
      rows.filter((x) => x.result === r).length;
    return {
      rows,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
    };
  }

  private async importRow(
    actor: Actor,
    schoolId: string,
    line: number,
    externalId: string,
    record: Record<string, string>,
  ): Promise<ImportRowResult> {
    const { plain, problems } = rowToPlain(record);
    const dto = plainToInstance(CreateParentDto, plain);
    const errors = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
    const formatErrors = problems.map((p) => ({ field: p.split(' ')[0], messages: [p] }));
    if (errors.length || formatErrors.length)
      return { line, externalId, result: 'rejected', errors: [...formatErrors, ...errors] };
    const householdId = record.household?.trim()
      ? householdIdFor(schoolId, record.household)
      : undefined;
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
