import { sql, type Kysely } from 'kysely'

// A searchable thing may belong to several categories (an article filed
// under two topics); search_documents holds one, the first, for display. The
// category filter and its counts read this table, so an article is found
// under each of its categories.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_document_categories')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('search_documents.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_document_categories_pk', ['document_id', 'slug'])
    .execute()
  await db.schema.createIndex('search_document_categories_slug_idx').on('search_document_categories').columns(['slug', 'document_id']).execute()

  // Filed as before: every document under the category it carries; articles
  // under all of theirs, read from content's tables as they stand today.
  await sql`insert into search_document_categories (document_id, slug, name)
    select d.id, c.slug, c.name from search_documents d
    join articles a on a.slug = d.ref
    join article_categories ac on ac.article_id = a.id
    join categories c on c.id = ac.category_id
    where d.kind = 'article'`.execute(db)
  await sql`insert into search_document_categories (document_id, slug, name)
    select d.id, d.category_slug, coalesce(d.category_name, d.category_slug) from search_documents d
    where d.category_slug is not null and not exists (
      select 1 from search_document_categories sc where sc.document_id = d.id and sc.slug = d.category_slug
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_document_categories').execute()
}
