import fs from 'node:fs'
import SQLite from 'better-sqlite3'
import type pg from 'pg'
import { isPostgresUrl, loadPg, openDatabase } from './database.js'
import { migrateToLatest } from './migrate.js'
import { migrations } from './migrations/index.js'

// Moves a SQLite site into an empty PostgreSQL database: Crown's migrations
// make the target's schema, then every table the migrations made is copied
// from one SQLite read snapshot, and the row counts of both are compared.
// The site may keep running on SQLite meanwhile: the copy is of the moment
// the snapshot began.

/** A refusal the operator can act on: printed as one line, never a stack. */
export class CopyRefused extends Error {}

export interface CopyProgress {
  table: string
  /** Rows copied so far, over all tables, and how many there are in all. */
  done: number
  total: number
}

export interface TableCount { table: string; source: number; target: number }

export interface CopyReport {
  tables: TableCount[]
  /** SQLite tables with no counterpart on PostgreSQL, and why they are not copied. */
  skipped: { table: string; why: string }[]
  ok: boolean
  rows: number
  ms: number
  /** Time spent sending rows, and rebuilding indexes and checking keys after them. */
  phases: { copyMs: number; restoreMs: number }
}

export interface CopyOptions {
  onProgress?: (p: CopyProgress) => void
  /** Every row is sent; indexes are being rebuilt and keys checked (minutes on a large site). */
  onRowsSent?: () => void
  /** Rows per INSERT; the default keeps memory flat and round trips few. */
  batchRows?: number
}

// Kysely's own bookkeeping: the target's migrations fill these.
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock'])

interface TargetColumn { name: string; type: string; identity: boolean }

/** Copies the SQLite database in sourceFile into the empty PostgreSQL database at targetUrl. */
export async function copyToPostgres(sourceFile: string, targetUrl: string, opts: CopyOptions = {}): Promise<CopyReport> {
  const started = performance.now()
  if (isPostgresUrl(sourceFile)) throw new CopyRefused('DATABASE_URL names a PostgreSQL database; copy-to-postgres copies a SQLite site (DATABASE_URL=./data/crown.sqlite).')
  if (!isPostgresUrl(targetUrl)) throw new CopyRefused(`The target must be a postgres:// URL, e.g. postgres://crown@db.example.com:5432/crown; got ${JSON.stringify(redactUrl(targetUrl))}.`)
  const file = sourceFile.replace(/^sqlite:(\/\/)?/, '')
  if (file === ':memory:' || !fs.existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file} (DATABASE_URL) to copy.`)

  const source = new SQLite(file, { fileMustExist: true })
  let client: pg.Client | undefined
  try {
    source.pragma('query_only = ON')
    source.pragma('busy_timeout = 5000')
    assertSourceUpToDate(source)
    client = await connect(targetUrl)
    await assertEmpty(client, targetUrl)

    const target = openDatabase(targetUrl)
    try { await migrateToLatest(target.db) } finally { await target.close() }

    const tables = await targetTables(client)
    const skipped = sourceOnlyTables(source, new Set(tables.keys()))
    const plan = [...tables].map(([table, columns]) => ({ table, columns: columnsToCopy(source, table, columns) }))

    // One read transaction: every table is read from the same moment, while
    // the site goes on writing to the WAL beside it.
    source.exec('begin')
    let copied = 0
    const phases = { copyMs: 0, restoreMs: 0 }
    const counts = new Map<string, number>()
    try {
      for (const { table } of plan) counts.set(table, (source.prepare(`select count(*) as n from ${ident(table)}`).get() as { n: number }).n)
      const total = [...counts.values()].reduce((a, b) => a + b, 0)
      await client.query('begin')
      // Foreign keys and secondary indexes come off while the rows go in and
      // are put back (checked, rebuilt) at the end: the order of tables and
      // of rows within a table (a reply before its parent, as an import may
      // write them) no longer matters, and each index is built once.
      const restore = await dropForeignKeysAndIndexes(client)
      const copyStarted = performance.now()
      for (const { table, columns } of plan) {
        await copyTable(source, client, table, columns, opts.batchRows ?? 2000, (n) => {
          copied += n
          opts.onProgress?.({ table, done: copied, total })
        })
      }
      phases.copyMs = performance.now() - copyStarted
      opts.onRowsSent?.()
      const restoreStarted = performance.now()
      // Index builds (the search index's GIN above all) sort in this much memory before spilling to disk.
      await client.query(`set local maintenance_work_mem = '256MB'`)
      for (const statement of restore) await client.query(statement)
      await resetSequences(client, tables)
      await client.query('commit')
      phases.restoreMs = performance.now() - restoreStarted
    } catch (err) {
      await client.query('rollback').catch(() => {})
      throw err
    } finally {
      source.exec('commit')
    }
    await client.query('analyze')

    const result: TableCount[] = []
    for (const { table } of plan) {
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${ident(table)}`)
      result.push({ table, source: counts.get(table)!, target: rows[0].n })
    }
    return {
      tables: result,
      skipped,
      ok: result.every((r) => r.source === r.target),
      rows: copied,
      ms: performance.now() - started,
      phases,
    }
  } finally {
    source.close()
    await client?.end()
  }
}

/** The source must have every migration this Crown knows, and none it does not. */
function assertSourceUpToDate(source: SQLite.Database) {
  const hasTable = source.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`).get()
  if (!hasTable) throw new CopyRefused('The SQLite database holds no Crown site (it has never been migrated).')
  const applied = new Set((source.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name))
  const known = Object.keys(migrations)
  const pending = known.filter((n) => !applied.has(n))
  const unknown = [...applied].filter((n) => !known.includes(n))
  if (unknown.length) throw new CopyRefused(`The SQLite database was migrated by a newer Crown (${unknown.length} migration(s) this version does not know, e.g. ${unknown[0]}); run copy-to-postgres from that version.`)
  if (pending.length) throw new CopyRefused(`The SQLite database is ${pending.length} migration(s) behind; bring it up to date first: npm run crown -- migrate`)
}

async function connect(url: string): Promise<pg.Client> {
  const client = new (loadPg().Client)({ connectionString: url })
  // An error on an idle client (the server going away) surfaces on the next query instead.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => {})
    throw new CopyRefused(`Cannot connect to the PostgreSQL database at ${redactUrl(url)}: ${(err as Error).message || (err as { code?: string }).code}`)
  }
  // Timestamps without a zone (none in Crown's schema) and text-to-time
  // conversion read as UTC, as SQLite's ISO strings are written.
  await client.query(`set time zone 'UTC'`)
  return client
}

/** Refuses a target that holds any row (a migrated but empty Crown schema is fine: a copy that failed may be run again). */
async function assertEmpty(client: pg.Client, url: string) {
  const { rows } = await client.query<{ schema: string; name: string }>(`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`)
  for (const t of rows) {
    if (MIGRATION_TABLES.has(t.name)) continue
    const { rowCount } = await client.query(`select 1 from ${ident(t.schema)}.${ident(t.name)} limit 1`)
    if (rowCount) {
      throw new CopyRefused(`The target database ${redactUrl(url)} is not empty (table ${t.schema}.${t.name} has rows). copy-to-postgres fills only an empty database: create one (createdb crown) and give its URL.`)
    }
  }
}

/** The tables Crown's migrations made on the target, with the columns a copy writes (generated ones are computed there). */
async function targetTables(client: pg.Client): Promise<Map<string, TargetColumn[]>> {
  const { rows } = await client.query<{ table: string; name: string; type: string; generated: string; identity: string; serial: boolean }>(`
    select c.table_name as table, c.column_name as name, c.data_type as type, c.is_generated as generated,
           c.is_identity as identity, coalesce(c.column_default like 'nextval(%', false) as serial
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`)
  const tables = new Map<string, TargetColumn[]>()
  for (const r of rows) {
    if (MIGRATION_TABLES.has(r.table)) continue
    if (!tables.has(r.table)) tables.set(r.table, [])
    if (r.generated === 'ALWAYS') continue
    tables.get(r.table)!.push({ name: r.name, type: r.type, identity: r.identity === 'YES' || r.serial })
  }
  return tables
}

/** SQLite tables the target has no table for: the FTS5 search index (PostgreSQL's is a generated column, rebuilt as rows arrive), or a stray table. */
function sourceOnlyTables(source: SQLite.Database, targetNames: Set<string>): { table: string; why: string }[] {
  const all = source.prepare(`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as { name: string; sql: string | null }[]
  const fts = all.filter((t) => /^create virtual table/i.test(t.sql ?? '') && /using fts\d/i.test(t.sql ?? '')).map((t) => t.name)
  const isFts = (name: string) => fts.some((v) => name === v || name.startsWith(`${v}_`))
  return all
    .filter((t) => !targetNames.has(t.name) && !MIGRATION_TABLES.has(t.name) && !(isFts(t.name) && !fts.includes(t.name)))
    .map((t) => ({ table: t.name, why: isFts(t.name) ? 'the SQLite full-text index; PostgreSQL builds its own from search_documents' : 'no such table on PostgreSQL (not made by Crown\'s migrations)' }))
}

/** The target's columns, each of which the source table must have. */
function columnsToCopy(source: SQLite.Database, table: string, columns: TargetColumn[]): TargetColumn[] {
  const have = new Set((source.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name))
  if (!have.size) throw new CopyRefused(`The SQLite database has no table ${table}, which Crown's migrations make on PostgreSQL.`)
  const missing = columns.filter((c) => !have.has(c.name))
  if (missing.length) throw new CopyRefused(`SQLite table ${table} lacks column(s) ${missing.map((c) => c.name).join(', ')} that PostgreSQL has: the two schemas differ.`)
  return columns
}

async function copyTable(source: SQLite.Database, client: pg.Client, table: string, columns: TargetColumn[], batchRows: number, copied: (n: number) => void) {
  const names = columns.map((c) => ident(c.name)).join(', ')
  // One array per column, unnested side by side: a batch is one statement
  // with as many parameters as columns, whatever its number of rows.
  const arrays = columns.map((c, i) => `$${i + 1}::${arrayType(c.type)}`).join(', ')
  const overriding = columns.some((c) => c.identity) ? ' overriding system value' : ''
  const text = `insert into ${ident(table)} (${names})${overriding} select * from unnest(${arrays})`
  const convert = columns.map((c) => converterFor(c.type, table, c.name))
  const select = source.prepare(`select ${names} from ${ident(table)}`).raw(true)
  let batch: unknown[][] = columns.map(() => [])
  let n = 0
  const flush = async () => {
    if (!n) return
    await client.query({ name: `copy-${table}`, text, values: batch })
    copied(n)
    batch = columns.map(() => [])
    n = 0
  }
  // iterate() streams rows: memory holds one batch, not the table.
  for (const row of select.iterate() as Iterable<unknown[]>) {
    for (let i = 0; i < row.length; i++) batch[i].push(convert[i](row[i]))
    if (++n >= batchRows) await flush()
  }
  await flush()
}

function arrayType(type: string): string {
  // information_schema spells types out ("timestamp with time zone"); every one Crown uses casts as written.
  return type === 'ARRAY' || type === 'USER-DEFINED' ? 'text[]' : `${type}[]`
}

type Convert = (v: unknown) => unknown

/** SQLite's stored value as PostgreSQL's column type takes it. */
function converterFor(type: string, table: string, column: string): Convert {
  const same: Convert = (v) => v
  switch (type) {
    case 'boolean':
      return (v) => (v === null ? null : v === 1 || v === '1' || v === true || v === 'true')
    case 'bytea':
      return (v) => (v === null || Buffer.isBuffer(v) ? v : Buffer.from(String(v)))
    case 'text':
    case 'character varying':
      // SQLite keeps whatever was written; a number in a text column comes out as a number.
      return (v) => (v === null || typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : String(v))
    case 'timestamp with time zone':
    case 'timestamp without time zone':
    case 'date':
      return (v) => {
        if (v === null || typeof v === 'string') return v
        throw new CopyRefused(`${table}.${column} holds ${JSON.stringify(v)}, not a timestamp string.`)
      }
    default:
      return same
  }
}

/** Drops every foreign key and every index that backs no constraint, and turns user triggers off; returns the statements that put them back. */
async function dropForeignKeysAndIndexes(client: pg.Client): Promise<string[]> {
  const { rows: fks } = await client.query<{ table: string; name: string; def: string }>(`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace`)
  const { rows: indexes } = await client.query<{ name: string; def: string }>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class t on t.oid = i.indrelid
    where t.relnamespace = current_schema()::regnamespace
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`)
  // Triggers of Crown's own (discussion's list_version) are off too: the rows
  // arrive as SQLite had them, versions included, and a million posts do not
  // each update their thread on the way in.
  const { rows: triggered } = await client.query<{ table: string }>(`
    select distinct tg.tgrelid::regclass::text as table
    from pg_trigger tg join pg_class t on t.oid = tg.tgrelid
    where not tg.tgisinternal and t.relnamespace = current_schema()::regnamespace`)
  for (const fk of fks) await client.query(`alter table ${fk.table} drop constraint ${ident(fk.name)}`)
  for (const ix of indexes) await client.query(`drop index ${ix.name}`)
  for (const t of triggered) await client.query(`alter table ${t.table} disable trigger user`)
  return [
    ...indexes.map((ix) => ix.def),
    ...fks.map((fk) => `alter table ${fk.table} add constraint ${ident(fk.name)} ${fk.def}`),
    ...triggered.map((t) => `alter table ${t.table} enable trigger user`),
  ]
}

/** Every identity or serial column's sequence goes on from the largest copied value. */
async function resetSequences(client: pg.Client, tables: Map<string, TargetColumn[]>) {
  for (const [table, columns] of tables) {
    for (const c of columns.filter((col) => col.identity)) {
      await client.query(`select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${ident(c.name)}) from ${ident(table)}), 0) + 1, false)`, [ident(table), c.name])
    }
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@')
  }
}
