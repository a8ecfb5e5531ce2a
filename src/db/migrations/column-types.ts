import { sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely'
import { PostgresAdapter } from 'kysely'

// Frozen helpers for migrations only: the column types differ between the two
// databases, the values the app sees do not (see docs/decisions/002-*).

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** An auto-incrementing integer primary key. */
export function idColumn(db: Kysely<any>) {
  return (col: ColumnDefinitionBuilder) =>
    isPostgres(db) ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement()
}

/** Timestamps are ISO-8601 strings in the app: timestamptz on Postgres, text on SQLite. */
export function timestampType(db: Kysely<any>): RawBuilder<unknown> {
  return isPostgres(db) ? sql`timestamptz` : sql`text`
}
