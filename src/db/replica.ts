import { isPostgresUrl, openDatabase, type Database } from './database.js'

/**
 * Opens a PostgreSQL read replica (DATABASE_REPLICA_URL). Its sessions are
 * read-only, as a hot standby's are: a write sent there by mistake fails
 * loudly, also where the "replica" is a plain database (a test, a copy).
 */
export function openReplica(url: string): Database {
  if (!isPostgresUrl(url)) throw new Error('DATABASE_REPLICA_URL must be a postgres:// URL')
  const u = new URL(url)
  // A URL that sets its own server options keeps them.
  if (!u.searchParams.has('options')) u.searchParams.set('options', '-c default_transaction_read_only=on')
  return openDatabase(u.toString())
}
