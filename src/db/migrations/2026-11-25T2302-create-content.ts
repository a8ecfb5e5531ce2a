import type { Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)
  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('key', 'text', (c) => c.notNull().unique()) // server-made file stem under data/media
    .addColumn('original_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('variants', 'text', (c) => c.notNull()) // JSON: [{ width, format, file }]
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('categories')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('articles')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull()) // post | page
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo('')) // sanitized when saved
    .addColumn('featured_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | scheduled | published
    .addColumn('published_at', ts)
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', ts)
    .addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute()
  // Home, archives and feeds list published posts newest first.
  await db.schema.createIndex('articles_listing_idx').on('articles').columns(['kind', 'status', 'published_at']).execute()
  await db.schema.createIndex('articles_author_idx').on('articles').columns(['author_id', 'published_at']).execute()

  await db.schema
    .createTable('article_categories')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_categories_pk', ['article_id', 'category_id'])
    .execute()
  await db.schema.createIndex('article_categories_category_idx').on('article_categories').columns(['category_id', 'article_id']).execute()

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute()
  await db.schema.createIndex('article_tags_tag_idx').on('article_tags').columns(['tag_id', 'article_id']).execute()

  await db.schema
    .createTable('studies')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('key', 'text', (c) => c.notNull().unique()) // pmid:… | doi:… | pmc:…, as cited in Markdown
    .addColumn('pmid', 'text')
    .addColumn('doi', 'text')
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('journal', 'text', (c) => c.notNull())
    .addColumn('design', 'text', (c) => c.notNull()) // RCT | case series | survey | review | other
    .addColumn('n', 'integer')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('article_citations')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('study_id', 'integer', (c) => c.notNull().references('studies.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_citations_pk', ['article_id', 'study_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['article_citations', 'studies', 'article_tags', 'article_categories', 'articles', 'tags', 'categories', 'media']) {
    await db.schema.dropTable(t).execute()
  }
}
