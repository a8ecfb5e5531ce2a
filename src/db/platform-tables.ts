import type { Generated } from 'kysely'

// Timestamps are ISO-8601 strings; flags are 0/1 integers (better-sqlite3
// cannot bind booleans, and one query path must serve both databases).
export interface SettingsTable { key: string; value: string }

export interface JobsTable {
  id: Generated<number>
  kind: string
  payload: string
  run_at: string
  attempts: Generated<number>
  max_attempts: Generated<number>
  locked_at: string | null
  locked_by: string | null
  last_error: string | null
  done_at: string | null
  failed_at: string | null
  created_at: string
}

export interface AuditLogTable {
  id: Generated<number>
  actor_user_id: number | null
  action: string
  subject_type: string
  subject_id: string | null
  detail: Generated<string>
  created_at: string
}

export interface RateLimitHitsTable {
  key: string
  window_start: string
  expires_at: string
  hits: number
}
