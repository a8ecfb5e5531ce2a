import type { Generated } from 'kysely'

export type Role = 'admin' | 'editor' | 'moderator' | 'shop_manager' | 'member'

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

export type TokenPurpose = 'confirm-email' | 'reset-password' | 'signup-notice'

export interface AccountTokensTable {
  id: Generated<number>
  user_id: number
  purpose: TokenPurpose
  /** HMAC of the mailed token under the site's signing key; the token itself is never stored. */
  token_hash: string
  /** The address the link was mailed to: it stops working if the account's address changes. */
  email: string
  created_at: string
  expires_at: string
  used_at: string | null
}
