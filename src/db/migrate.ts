import { Migrator, type MigrationResultSet } from 'kysely'
import type { Db } from './database.js'
import { migrations } from './migrations/index.js'

export class MigrationError extends Error {}

/** Brings the schema up to date; throws MigrationError naming the failed step. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  const failed = result.results?.find((r) => r.status === 'Error')
  if (result.error || failed) {
    const why = result.error instanceof Error ? result.error.message : String(result.error ?? 'unknown error')
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(setup)'} failed: ${why}`)
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
