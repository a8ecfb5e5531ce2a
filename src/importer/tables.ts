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

/** An import started from the admin, run as the job importer.run (see the import-runs migration). */
export interface ImportRunsTable {
  id: Generated<number>
  source: 'wordpress' | 'disqus'
  /** As uploaded: shown (escaped), never used in a path. */
  file_name: string
  /** The server-made name under DATA_DIR/imports/. */
  stored_as: string
  size_bytes: number
  dry_run: number
  status: ImportRunStatus
  bytes_done: number
  records_done: number
  /** ImportReport.toJSON(), once done. */
  report_json: string | null
  /** A plain sentence, never a stack. */
  error: string | null
  started_by: number | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  updated_at: string
}

export type ImportRunStatus = 'queued' | 'running' | 'done' | 'failed'
