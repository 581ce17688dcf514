import { createHash } from 'node:crypto';
import { FieldDef, Query, QueryArrayConfig, Result, types } from 'pg';
import { QueryFailedError } from 'typeorm';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Some of an entity's columns, for a hand-written statement on a hot path (building a query
 * through the query builder can cost more than running it) whose rows are still read the way
 * a repository reads them: column types and transformers apply (encrypted fields come out
 * as plain text).
 */
export class EntityColumns<T> {
  readonly metadata: EntityMetadata;
  readonly columns: ColumnMetadata[];

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<ObjectLiteral>,
    properties?: readonly string[],
    skip: readonly string[] = [],
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.columns = this.metadata.columns.filter(
      (c) =>
        c.isSelect &&
        !skip.includes(c.propertyName) &&
        (!properties || properties.includes(c.propertyName)),
    );
    if (properties && this.columns.length !== properties.length)
      throw new Error(`${this.metadata.name} lacks a column among ${properties.join(', ')}`);
    this.asIs = this.columns.map((c) => !c.transformer && AS_IS.has(c.type as string));
  }

  /** Per column: the value pg gives is the value TypeORM would give (see AS_IS). */
  private readonly asIs: boolean[];

  /** `alias."column" AS "prefixcolumn"` for each column, comma-separated. */
  select(alias: string, prefix = ''): string {
    return this.columns
      .map((c) => `${alias}."${c.databaseName}"${prefix ? ` AS "${prefix}${c.databaseName}"` : ''}`)
      .join(', ');
  }

  /**
   * The entity of an array row (`rowMode: 'array'`) whose columns, in `select`'s order,
   * start at `offset`: no object keyed by column name is built for the row (with some forty
   * columns that object is a slow dictionary).
   */
  readAt(row: readonly unknown[], offset: number): T {
    const driver = this.dataSource.driver;
    const entity = this.metadata.create() as Record<string, unknown>;
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      const value = row[offset + i];
      entity[columns[i].propertyName] = this.asIs[i]
        ? value
        : driver.prepareHydratedValue(value, columns[i]);
    }
    return entity as T;
  }
}

/**
 * Column types whose value, as pg parses it, TypeORM's PostgreSQL driver hydrates unchanged
 * (no branch of `prepareHydratedValue` matches them): for such a column without a transformer
 * the value is taken as it is. Dates, numbers declared without a type, enums and every column
 * with a transformer still go through the driver.
 */
const AS_IS = new Set<string>([
  'uuid',
  'text',
  'varchar',
  'character varying',
  'boolean',
  'int',
  'integer',
  'smallint',
  'jsonb',
  'bytea',
]);

/**
 * A statement run as a named prepared statement on the pool's connections: PostgreSQL plans it
 * once per connection and reuses the plan, which matters for a statement every request sends
 * (planning one over a table with many indexes costs more than running it). The name comes
 * from the text, so each distinct text is prepared once per connection. A failure comes as
 * TypeORM's QueryFailedError, as from `dataSource.query`. With `rowMode: 'array'` each row
 * is an array of its values in the select list's order (read them with `EntityColumns.readAt`).
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  rowMode?: 'array',
): Promise<T[]> {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (statementNames.size > 500) statementNames.clear();
    statementNames.set(text, name);
  }
  const pool = (dataSource.driver as PostgresDriver).master as {
    query: (q: { name: string; text: string; values: unknown[] } | Query) => Promise<{
      rows: T[];
    }>;
  };
  try {
    return (
      await pool.query(
        rowMode ? new ArrayRowsQuery({ name, text, values }) : { name, text, values },
      )
    ).rows;
  } catch (err) {
    throw new QueryFailedError(text, values, err as Error);
  }
}
const statementNames = new Map<string, string>();

/**
 * pg's query with rows as arrays, whose result skips what only object rows use: for every
 * result pg builds a template row, an object with a key per column, and copies it. Array rows
 * never read it, and with forty columns building it cost more than reading the row. Column
 * descriptions and their type parsers are taken as pg takes them (the client's types first).
 */
class ArrayRowsQuery extends Query {
  constructor(config: { name: string; text: string; values: unknown[] }) {
    const arrays: QueryArrayConfig = { ...config, rowMode: 'array' };
    super(arrays);
    const self = this as unknown as { _result: Result; _results: Result; types?: unknown };
    self._result = self._results = new ArrayRows('array', self.types as typeof types);
  }
}

class ArrayRows extends Result {
  addFields(fields: FieldDef[]): void {
    const own = this as unknown as { _types?: typeof types; _parsers: unknown[] };
    const parsers = own._types ?? types;
    this.fields = fields;
    own._parsers = fields.map((f) =>
      parsers.getTypeParser(f.dataTypeID, f.format === 'binary' ? 'binary' : 'text'),
    );
  }
}
