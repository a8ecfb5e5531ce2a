import type { Generated } from 'kysely'

export type SearchKind = 'article' | 'topic' | 'post' | 'comment' | 'product'

export interface SearchDocumentsTable {
  id: Generated<number>
  kind: SearchKind
  ref: string
  url: string
  title: string
  body: string
  category_slug: string | null
  category_name: string | null
  published_at: string
  updated_at: string
}

/** Every category a document is filed under (search_documents keeps the first, for display). */
export interface SearchDocumentCategoriesTable {
  document_id: number
  slug: string
  name: string
}
