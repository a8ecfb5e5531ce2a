import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import SQLite from 'better-sqlite3'
import { Kysely, sql, type Generated } from 'kysely'
import { StatementCache, cachingSqliteDialect } from './sqlite-dialect.js'

// The statement cache is SQLite's alone (pg prepares on the server), so these
// tests run on SQLite only; every data test on both databases runs through it.

function memoryDb() {
  const sqlite = new SQLite(':memory:')
  sqlite.exec('create table notes (id integer primary key, body text not null)')
  return sqlite
}

describe('the SQLite statement cache', () => {
  test('the same SQL text gets the same prepared statement back', () => {
    const cache = new StatementCache(memoryDb(), 10)
    const a = cache.prepare('select * from notes where id = ?')
    const b = cache.prepare('select * from notes where id = ?')
    assert.equal(a, b)
    assert.notEqual(cache.prepare('select body from notes'), a)
    assert.equal(cache.size, 2)
  })

  test('it is bounded, and drops the least recently used statement first', () => {
    const cache = new StatementCache(memoryDb(), 2)
    const one = cache.prepare('select 1')
    const two = cache.prepare('select 2')
    assert.equal(cache.prepare('select 1'), one, 'a hit makes "select 1" the most recent')
    cache.prepare('select 3')
    assert.equal(cache.size, 2)
    assert.equal(cache.prepare('select 1'), one, '"select 1" stayed')
    assert.notEqual(cache.prepare('select 2'), two, '"select 2" was dropped and is prepared anew')
  })

  test('a statement still being iterated is not handed out again', () => {
    const sqlite = memoryDb()
    sqlite.prepare('insert into notes (body) values (?), (?)').run('a', 'b')
    const cache = new StatementCache(sqlite, 10)
    const text = 'select body from notes order by id'
    const outer = cache.prepare(text)
    const seen: string[] = []
    for (const row of outer.iterate() as IterableIterator<{ body: string }>) {
      const inner = cache.prepare(text)
      assert.notEqual(inner, outer)
      seen.push(row.body, ...inner.all().map((r) => (r as { body: string }).body))
    }
    assert.deepEqual(seen, ['a', 'a', 'b', 'b', 'a', 'b'])
  })

  test('Kysely through it: reads, writes, a rolled-back transaction, and reuse across queries', async () => {
    const sqlite = memoryDb()
    const { dialect, statements } = cachingSqliteDialect(sqlite, 50)
    const db = new Kysely<{ notes: { id: Generated<number>; body: string } }>({ dialect })
    try {
      const insert = await db.insertInto('notes').values({ body: 'kept' }).executeTakeFirstOrThrow()
      assert.equal(insert.insertId, 1n)
      await assert.rejects(db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ body: 'rolled back' }).execute()
        throw new Error('stop')
      }), /stop/)
      const read = () => db.selectFrom('notes').select('body').where('id', '>', 0).orderBy('id').execute()
      assert.deepEqual(await read(), [{ body: 'kept' }])
      const before = statements.size
      assert.deepEqual(await read(), [{ body: 'kept' }])
      assert.equal(statements.size, before, 'the second read reused the first one\'s statement')
      const updated = await db.updateTable('notes').set({ body: 'changed' }).where('id', '=', 1).executeTakeFirst()
      assert.equal(updated.numUpdatedRows, 1n)
      assert.equal((await sql<{ n: number }>`select count(*) as n from notes`.execute(db)).rows[0].n, 1)
    } finally {
      await db.destroy()
    }
    assert.equal(sqlite.open, false, 'destroy closes the database')
  })

  test('a size below one is refused', () => {
    assert.throws(() => new StatementCache(memoryDb(), 0), /at least one/)
  })
})
