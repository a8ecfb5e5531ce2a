import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ForumFlagsTable } from '../tables.js'

// Readers' flags on forum posts (flags.ts).

/** Records a flag; undefined when this person has flagged the post already (a unique index per post). */
export async function insertFlag(db: Db, row: Insertable<ForumFlagsTable>): Promise<{ id: number } | undefined> {
  return db.insertInto('forum_flags').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst()
}

export async function openFlagCount(db: Db, postId: number): Promise<number> {
  const row = await db.selectFrom('forum_flags').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('post_id', '=', postId).where('resolved_at', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function resolveOpenFlags(db: Db, postIds: number[], at: string): Promise<void> {
  await db.updateTable('forum_flags').set({ resolved_at: at }).where('post_id', 'in', postIds).where('resolved_at', 'is', null).execute()
}

/** Open flags on these posts, oldest first. */
export function openFlagRows(db: Db, postIds: number[]) {
  return db.selectFrom('forum_flags').select(['post_id', 'reason', 'note', 'created_at'])
    .where('post_id', 'in', postIds).where('resolved_at', 'is', null).orderBy('id').execute()
}
