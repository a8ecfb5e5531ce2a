import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { createRequire } from 'node:module'
import type pg from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Tables } from './tables.js'
import { cachingSqliteDialect } from './sqlite-dialect.js'

export type Dialect = 'sqlite' | 'postgres'
export type Db = Kysely<Tables>

export interface Database {
  db: Db
  dialect: Dialect
  /** The SQLite file, when the database is one; backups and durability checks need it. */
  sqliteFile?: string
  /** The raw better-sqlite3 handle (online backup); undefined on Postgres. */
  sqlite?: SQLite.Database
  close(): Promise<void>
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url)
}

// pg is loaded on first use, so a site on SQLite never loads it.
const require = createRequire(import.meta.url)
let pgModule: typeof pg | undefined

/** The pg module, its type parsers set: what every PostgreSQL client in the app is made from. */
export function loadPg(): typeof pg {
  if (pgModule) return pgModule
  const m = require('pg') as typeof pg
  // pg hands back bigint counts as strings and timestamptz as Date; Crown's one
  // query path expects numbers and ISO-8601 strings, as SQLite returns them.
  m.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
  m.types.setTypeParser(1700, (v) => Number.parseFloat(v))
  m.types.setTypeParser(1184, (v) => new Date(v).toISOString())
  m.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString())
  return (pgModule = m)
}

/** Opens the database named by url: a postgres:// URL, or a SQLite file path. */
export function openDatabase(url: string): Database {
  if (isPostgresUrl(url)) {
    const pool = new (loadPg().Pool)({ connectionString: url, max: 10 })
    // An idle connection the server ends (a restart, a failover, an
    // administrator) is dropped by the pool, which connects anew on demand;
    // without a listener its 'error' would end the process. The pool's end()
    // resolves before its connections finish closing, so an error after
    // close() is expected and not worth a warning.
    let closing = false
    pool.on('error', (err) => {
      if (!closing) process.emitWarning(`A pooled PostgreSQL connection was lost while idle: ${err.message}`)
    })
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', close: () => { closing = true; return db.destroy() } }
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '')
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  // WAL lets readers run beside the single writer; synchronous=FULL makes a
  // commit durable before it returns, so an acknowledged write survives a
  // power cut or SIGKILL. busy_timeout absorbs a second process (the CLI).
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // A query that sorts (ORDER BY off an index), or probes an IN (…) list in a
  // correlated subquery, builds a temporary b-tree. With temp_store left to
  // its default (a file), each one cost 150–450 µs here against ~10 µs for
  // the query itself: an article page's "earlier in" list spent most of its
  // time there. Temporary b-trees now live in memory; they are as large as
  // the rows a query sorts, and Crown's reads are paged.
  sqlite.pragma('temp_store = MEMORY')
  assertDurable(sqlite, file)
  const db = new Kysely<Tables>({ dialect: cachingSqliteDialect(sqlite).dialect })
  return {
    db,
    dialect: 'sqlite',
    sqliteFile: file === ':memory:' ? undefined : path.resolve(file),
    sqlite,
    close: () => db.destroy(),
  }
}

/** Refuses to run a file database that would acknowledge writes it could lose. */
function assertDurable(sqlite: SQLite.Database, file: string) {
  const mode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase()
  const sync = Number(sqlite.pragma('synchronous', { simple: true }))
  if (file !== ':memory:' && mode !== 'wal') throw new Error(`SQLite journal_mode is ${mode}, expected wal`)
  if (sync !== 2) throw new Error(`SQLite synchronous is ${sync}, expected 2 (FULL)`)
}

/** Reads back the durability settings, for the health check and tests. */
export async function durabilitySettings(database: Database): Promise<{ journalMode: string; synchronous: number } | null> {
  if (!database.sqlite) return null
  return {
    journalMode: String(database.sqlite.pragma('journal_mode', { simple: true })),
    synchronous: Number(database.sqlite.pragma('synchronous', { simple: true })),
  }
}

export { sql }
