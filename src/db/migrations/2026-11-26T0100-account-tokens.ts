import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// Mailed account links: confirm an email address, reset a password.
//
// account_tokens: one row per link sent. The link carries a random token; the
// row keeps only its keyed hash, so a leaked table opens nothing. A link works
// once (used_at), until expires_at, and only while the account still has the
// address it was sent to. Rows with purpose 'signup-notice' record the "you
// already have an account" mail, so repeated sign-ups cannot flood an inbox.
// Rows go with their account.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull()) // confirm-email | reset-password | signup-notice
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    .execute()
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').columns(['user_id', 'purpose', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_tokens').execute()
}
