import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Database, type Dialect } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'

/**
 * The databases every data-access test runs on: SQLite always, and
 * PostgreSQL when TEST_POSTGRES_URL is set (CI sets it). When it is set and
 * the server cannot be reached, tests fail rather than skip.
 */
export function testDialects(): Dialect[] {
  return process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite']
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-test-'))
process.on('exit', () => fs.rmSync(tmpRoot, { recursive: true, force: true }))

let sqliteTemplate: Promise<string> | undefined
let pgTemplate: Promise<string> | undefined
const createdPgDatabases: string[] = []

/** A fresh, migrated database, copied from a template migrated once per process. */
export async function freshDatabase(dialect: Dialect): Promise<{ url: string; database: Database; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(tmpRoot, 'data-'))
  if (dialect === 'sqlite') {
    sqliteTemplate ??= (async () => {
      const file = path.join(tmpRoot, 'template.sqlite')
      const db = openDatabase(file)
      await migrateToLatest(db.db)
      db.sqlite!.pragma('wal_checkpoint(TRUNCATE)')
      await db.close()
      return file
    })()
    const file = path.join(dataDir, 'crown.sqlite')
    fs.copyFileSync(await sqliteTemplate, file)
    return { url: file, database: openDatabase(file), dataDir }
  }
  const admin = process.env.TEST_POSTGRES_URL!
  pgTemplate ??= (async () => {
    const name = `crown_tpl_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
    await adminQuery(admin, `CREATE DATABASE ${name}`)
    createdPgDatabases.push(name)
    const db = openDatabase(withDatabase(admin, name))
    await migrateToLatest(db.db)
    await db.close()
    return name
  })()
  const template = await pgTemplate
  const name = `crown_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${template}`)
  createdPgDatabases.push(name)
  const url = withDatabase(admin, name)
  return { url, database: openDatabase(url), dataDir }
}

/** Drops the Postgres databases this process made; call from an after() hook. */
export async function dropTestDatabases() {
  const admin = process.env.TEST_POSTGRES_URL
  if (!admin) return
  for (const name of createdPgDatabases.splice(0).reverse()) {
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
  }
  pgTemplate = undefined
}

/** An empty PostgreSQL database (not migrated) on TEST_POSTGRES_URL's server, named `<prefix>_<pid>_<random>`; drop it with dropPostgresDatabase. */
export async function emptyPostgresDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const admin = process.env.TEST_POSTGRES_URL!
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
  await adminQuery(admin, `create database ${name}`)
  return { name, url: withDatabase(admin, name) }
}

/** Drops a database emptyPostgresDatabase made, whoever is still connected to it. */
export async function dropPostgresDatabase(name: string): Promise<void> {
  await adminQuery(process.env.TEST_POSTGRES_URL!, `drop database if exists ${name} with (force)`)
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try { await client.query(text) } finally { await client.end() }
}

function withDatabase(url: string, name: string) {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
