import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects, freshDatabase, dropTestDatabases } from '../test/databases.js'
import type { Database } from './database.js'
import { prepared } from './prepared.js'


for (const dialect of testDialects()) {
  describe(`prepared queries on ${dialect}`, () => {
    let database: Database
    before(async () => {
      ({ database } = await freshDatabase(dialect))
      for (const [key, value] of [['a', 'one'], ['b', 'two'], ['c', 'three']]) await database.db.insertInto('settings').values({ key: `prepared.${key}`, value }).execute()
    })
    after(async () => { await database.close(); await dropTestDatabases() })

    test('built once, each run binds its own values, beside constants of the query\'s own', async () => {
      let builds = 0
      const settingsFrom = prepared((db, from: string, limit: number) => {
        builds++
        return db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'prepared.%').where('key', '>=', from).orderBy('key').limit(limit)
      })
      assert.deepEqual((await settingsFrom(database.db, 'prepared.b', 5)).map((r) => r.value), ['two', 'three'])
      assert.deepEqual((await settingsFrom(database.db, 'prepared.a', 1)).map((r) => r.value), ['one'])
      assert.deepEqual(await settingsFrom(database.db, 'prepared.z', 5), [])
      assert.equal(builds, 1)
    })

    test('runs inside a transaction, seeing its writes', async () => {
      const setting = prepared((db, key: string) => db.selectFrom('settings').select('value').where('key', '=', key))
      await database.db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'prepared.in-trx', value: 'inside' }).execute()
        assert.deepEqual(await setting(trx, 'prepared.in-trx'), [{ value: 'inside' }])
      })
      assert.deepEqual(await setting(database.db, 'prepared.c'), [{ value: 'three' }])
    })

    test('a builder that uses an argument other than as a bound value is refused at its first run', async () => {
      const branching = prepared((db, key: string) => db.selectFrom('settings').select('value').where('key', '=', `prepared.${key}`))
      await assert.rejects(branching(database.db, 'a'), /argument 0 is not a bound value/)
    })
  })
}
