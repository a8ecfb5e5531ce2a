import type { Generated } from 'kysely'

export type ArticleKind = 'post' | 'page'
export type ArticleStatus = 'draft' | 'scheduled' | 'published'
export type StudyDesign = 'RCT' | 'case series' | 'survey' | 'review' | 'other'

export interface MediaTable {
  id: Generated<number>
  key: string
  original_name: Generated<string>
  width: number
  height: number
  variants: string
  alt: Generated<string>
  caption: Generated<string>
  uploaded_by: number | null
  created_at: string
}

export interface CategoriesTable {
  id: Generated<number>
  slug: string
  name: string
  description: Generated<string>
  /** The parent category: its archive lists this one's articles too. */
  parent_id: number | null
  created_at: string
}

export interface TagsTable {
  id: Generated<number>
  slug: string
  name: string
  created_at: string
}

export interface ArticlesTable {
  id: Generated<number>
  kind: ArticleKind
  slug: string
  title: string
  excerpt: Generated<string>
  body_md: Generated<string>
  body_html: Generated<string>
  featured_media_id: number | null
  author_id: number
  status: ArticleStatus
  published_at: string | null
  reviewed_by: string | null
  reviewed_at: string | null
  comments_enabled: Generated<number>
  /** 1: listed first on the home page (WordPress's sticky posts). */
  sticky: Generated<number>
  created_at: string
  updated_at: string
}

export interface ArticleCategoriesTable { article_id: number; category_id: number }
export interface ArticleTagsTable { article_id: number; tag_id: number }

export interface StudiesTable {
  id: Generated<number>
  key: string
  pmid: string | null
  doi: string | null
  authors: string
  title: string
  year: number
  journal: string
  design: StudyDesign
  n: number | null
  url: string
  note: Generated<string>
  created_at: string
}

export interface ArticleCitationsTable { article_id: number; study_id: number; position: number }

/** One row (id 1), made by the first change: `version` moves at every change to a table an article page's own section shows (triggers, 2026-12-02T0000). */
export interface ContentStateTable { id: number; version: number }
