import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
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
  }

  /** `alias."column" AS "prefixcolumn"` for each column, comma-separated. */
  select(alias: string, prefix = ''): string {
    return this.columns
      .map((c) => `${alias}."${c.databaseName}"${prefix ? ` AS "${prefix}${c.databaseName}"` : ''}`)
      .join(', ');
  }

  /** The entity of a row whose columns are named `prefix` + column name. */
  read(row: Record<string, unknown>, prefix = ''): T {
    const driver = this.dataSource.driver;
    const entity = this.metadata.create() as Record<string, unknown>;
    for (const c of this.columns)
      entity[c.propertyName] = driver.prepareHydratedValue(row[`${prefix}${c.databaseName}`], c);
    return entity as T;
  }
}
