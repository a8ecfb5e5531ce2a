import { sql, type Kysely } from 'kysely'
import { isPostgres } from './column-types.js'

// A forum topic's page of posts is kept too (forum/kept-topic-pages.ts), for
// the readers who all see the same one, under the thread's list_version. The
// forum shows two columns of a post that an article's comment list does not
// (its number and whether it was edited), and a post's photos live in a table
// of their own: this moves the version on those changes as well, so a kept
// page cannot outlive an edit, a renumbering or a photo removed by a purge.
const SHOWN_COLUMNS = ['thread_id', 'parent_id', 'depth', 'path', 'short_id', 'status', 'author_user_id', 'author_name', 'author_url', 'author_role', 'author_key', 'body_html', 'created_at', 'edited_at', 'post_number']
const BEFORE = SHOWN_COLUMNS.filter((c) => c !== 'edited_at' && c !== 'post_number')

async function postsTrigger(db: Kysely<any>, columns: string[]) {
  const list = sql.raw(columns.join(', '))
  if (isPostgres(db)) {
    await sql`drop trigger discussion_posts_list_version on discussion_posts`.execute(db)
    await sql`create trigger discussion_posts_list_version after insert or delete or update of ${list} on discussion_posts
      for each row execute function discussion_posts_bump_list_version()`.execute(db)
  } else {
    await sql`drop trigger discussion_posts_list_version_update`.execute(db)
    await sql`create trigger discussion_posts_list_version_update after update of ${list} on discussion_posts
      begin update discussion_threads set list_version = list_version + 1 where id in (old.thread_id, new.thread_id); end`.execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await postsTrigger(db, SHOWN_COLUMNS)
  if (isPostgres(db)) {
    await sql`create function forum_post_images_bump_list_version() returns trigger language plpgsql as $$
      begin
        update discussion_threads set list_version = list_version + 1
        where id in (select thread_id from discussion_posts where id in (
          case when tg_op = 'INSERT' then null else old.post_id end,
          case when tg_op = 'DELETE' then null else new.post_id end));
        return null;
      end $$`.execute(db)
    await sql`create trigger forum_post_images_list_version after insert or delete or update on forum_post_images
      for each row execute function forum_post_images_bump_list_version()`.execute(db)
  } else {
    await sql`create trigger forum_post_images_list_version_insert after insert on forum_post_images
      begin update discussion_threads set list_version = list_version + 1 where id = (select thread_id from discussion_posts where id = new.post_id); end`.execute(db)
    await sql`create trigger forum_post_images_list_version_update after update on forum_post_images
      begin update discussion_threads set list_version = list_version + 1 where id in (select thread_id from discussion_posts where id in (old.post_id, new.post_id)); end`.execute(db)
    await sql`create trigger forum_post_images_list_version_delete after delete on forum_post_images
      begin update discussion_threads set list_version = list_version + 1 where id = (select thread_id from discussion_posts where id = old.post_id); end`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger forum_post_images_list_version on forum_post_images`.execute(db)
    await sql`drop function forum_post_images_bump_list_version()`.execute(db)
  } else {
    for (const op of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`forum_post_images_list_version_${op}`)}`.execute(db)
  }
  await postsTrigger(db, BEFORE)
}
