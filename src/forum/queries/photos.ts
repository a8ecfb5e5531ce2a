import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ForumPostImagesTable } from '../tables.js'

// ---- post photos (images.ts) ----

export async function insertImageRows(db: Db, rows: Insertable<ForumPostImagesTable>[]) {
  if (rows.length === 0) return
  await db.insertInto('forum_post_images').values(rows).execute()
}

export async function imageRows(db: Db, postIds: number[]) {
  return db.selectFrom('forum_post_images').select(['post_id', 'file', 'width', 'height', 'alt'])
    .where('post_id', 'in', postIds).orderBy('post_id').orderBy('position').execute()
}

/** The post a photo belongs to, for the visibility check before it is served. */
export async function findImagePost(db: Db, file: string) {
  return db.selectFrom('forum_post_images as i').innerJoin('discussion_posts as p', 'p.id', 'i.post_id')
    .select(['p.status', 'p.author_key', 'i.file']).where('i.file', '=', file).executeTakeFirst()
}

/** The photo files of these posts (a purge removes them from disk). */
export function imageFilesOf(db: Db, postIds: number[]) {
  return db.selectFrom('forum_post_images').select('file').where('post_id', 'in', postIds).execute()
}
