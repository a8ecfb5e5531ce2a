import type SQLite from 'better-sqlite3'
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely'

// Kysely's SqliteDriver prepares every query afresh (better-sqlite3's
// prepare parses and plans the SQL each time), which cost more than running
// the query on an article page's few small reads. The driver asks its
// database for only two things, prepare(sql) and close(), so the statement
// cache sits in front of those and Kysely's own driver keeps everything else:
// the connection mutex, begin/commit/rollback, savepoints, reader vs run.

// Kysely's query builders produce a bounded set of SQL texts (values are
// bound as parameters); `where in (…)` lists make one text per list length,
// so the cache is bounded to keep a long-running process from growing.
export const STATEMENT_CACHE_SIZE = 500

/** Prepared statements keyed by their SQL text, least recently used dropped first. */
export class StatementCache {
  readonly #db: SQLite.Database
  readonly #max: number
  // A Map iterates in insertion order: re-inserting on a hit keeps the
  // least recently used entry first.
  readonly #statements = new Map<string, SQLite.Statement>()

  constructor(db: SQLite.Database, max = STATEMENT_CACHE_SIZE) {
    if (!(max >= 1)) throw new Error('a statement cache needs room for at least one statement')
    this.#db = db
    this.#max = max
  }

  get size(): number {
    return this.#statements.size
  }

  prepare(sql: string): SQLite.Statement {
    const cached = this.#statements.get(sql)
    // A statement still being iterated (a streamed select whose loop runs
    // another query with the same text) cannot run twice at once: that
    // caller gets a statement of its own, not cached.
    if (cached && cached.busy) return this.#db.prepare(sql)
    if (cached) {
      this.#statements.delete(sql)
      this.#statements.set(sql, cached)
      return cached
    }
    const statement = this.#db.prepare(sql)
    this.#statements.set(sql, statement)
    if (this.#statements.size > this.#max) this.#statements.delete(this.#statements.keys().next().value!)
    return statement
  }

  clear() {
    this.#statements.clear()
  }
}

// Several processes (cluster workers, the CLI) share one SQLite file. A plain
// BEGIN reads from a snapshot and asks for the write lock only at its first
// write; if another process committed in between, SQLite cannot honour the
// snapshot and fails at once with SQLITE_BUSY_SNAPSHOT, without waiting on
// busy_timeout. BEGIN IMMEDIATE takes the write lock first (waiting its turn),
// so a transaction that reads, then writes, sees the latest data and commits.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: SqliteDialectConfig) { super(sqliteConfig) }
  override createDriver() { return new ImmediateSqliteDriver(this.sqliteConfig) }
}

/** Kysely's SQLite dialect over better-sqlite3, reusing prepared statements, its transactions BEGIN IMMEDIATE. */
export function cachingSqliteDialect(sqlite: SQLite.Database, max = STATEMENT_CACHE_SIZE): { dialect: SqliteDialect; statements: StatementCache } {
  const statements = new StatementCache(sqlite, max)
  // Only prepare and close are asked of the database by Kysely's driver (its
  // SqliteDatabase interface); the object below is typed against it.
  const database = {
    prepare: (sql: string) => statements.prepare(sql),
    close: () => {
      statements.clear()
      sqlite.close()
    },
  }
  return { dialect: new ImmediateSqliteDialect({ database }), statements }
}
