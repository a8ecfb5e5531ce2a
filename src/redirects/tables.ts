import type { Generated } from 'kysely'

/** Who made a redirect: the importer fills the table, staff edit it; an import never overwrites a staff row. */
export type RedirectSource = 'import' | 'staff'

export interface RedirectsTable {
  id: Generated<number>
  /** The old URL normalized by redirectKey: what a request is looked up by. */
  from_key: string
  /** The old URL as typed or imported (host dropped), for the staff list. */
  from_shown: string
  /** A local path (/…) or an absolute http(s) URL, ready for a Location header. */
  to_path: string
  source: RedirectSource
  hits: Generated<number>
  last_hit_at: string | null
  created_at: string
  updated_at: string
}
