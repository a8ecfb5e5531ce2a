import type { Generated } from 'kysely'

export type Role = 'admin' | 'editor' | 'moderator' | 'member'

export interface UsersTable {
  id: Generated<number>
  email: string
  name: string
  slug: string
  bio: Generated<string>
  role: Role
  password_hash: string
  email_confirmed_at: string | null
  disabled_at: string | null
  created_at: string
  updated_at: string
}

export interface SessionsTable {
  id: string
  user_id: number
  created_at: string
  expires_at: string
  last_seen_at: string
}
