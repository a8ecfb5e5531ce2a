import type { Generated } from 'kysely'

/** What an imported thing came from and the Crown row it became (see the import-map migration). */
export interface ImportMapTable {
  id: Generated<number>
  /** 'wordpress' | 'disqus' */
  source: string
  /** The exporting site (its base URL), so two sites' ids never meet. */
  site: string
  /** 'author' | 'category' | 'tag' | 'article' | 'comment' | … */
  kind: string
  source_id: string
  crown_id: number
  /** sha256 of what the export said, as the importer reads it. */
  content_hash: string
  updated_at: string
}
