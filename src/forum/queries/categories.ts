import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ForumCategoriesTable, GuestPolicy } from '../tables.js'
import { prepared } from '../../db/prepared.js'

// Forum categories.

export type CategoryRow = Selectable<ForumCategoriesTable>

// ---- categories ----

const allCategories = prepared((db) => db.selectFrom('forum_categories').selectAll().orderBy('position').orderBy('id'))
const categoryBySlug = prepared((db, slug: string) => db.selectFrom('forum_categories').selectAll().where('slug', '=', slug))

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return allCategories(db)
}

export async function findCategoryBySlug(db: Db, slug: string): Promise<CategoryRow | undefined> {
  return (await categoryBySlug(db, slug))[0]
}

/** The category of each of these topics. */
export async function categoriesOfTopics(db: Db, threadIds: number[]) {
  if (!threadIds.length) return []
  return db.selectFrom('discussion_threads').innerJoin('forum_categories', 'forum_categories.id', 'discussion_threads.category_id')
    .select(['discussion_threads.id as thread_id', 'forum_categories.slug', 'forum_categories.name'])
    .where('discussion_threads.id', 'in', threadIds).execute()
}

export async function findCategoryById(db: Db, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('forum_categories').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface NewCategory { slug: string; name: string; description: string; position: number; guestPolicy: GuestPolicy; holdFirstGuestPosts: boolean }

export async function insertCategory(db: Db, c: NewCategory, now: string): Promise<number> {
  const row = await db.insertInto('forum_categories').values({
    slug: c.slug, name: c.name, description: c.description, position: c.position,
    guest_policy: c.guestPolicy, hold_first_guest_posts: c.holdFirstGuestPosts ? 1 : 0,
    last_activity_at: null, created_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function hasCategories(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('forum_categories').select('id').limit(1).executeTakeFirst())
}

export async function updateCategoryRow(db: Db, id: number, c: Omit<NewCategory, 'slug'>) {
  await db.updateTable('forum_categories').set({
    name: c.name, description: c.description, position: c.position, guest_policy: c.guestPolicy, hold_first_guest_posts: c.holdFirstGuestPosts ? 1 : 0,
  }).where('id', '=', id).execute()
}
