import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Actor } from '../accounts/actor.js'

/** What every page may show about the request: provided once by render(). */
export interface ViewContext {
  site: { title: string; url: string; tagline: string }
  path: string
  actor: Actor
  /** Issues (or reuses) the CSRF token for this visitor; call only when a form is rendered. */
  csrfToken: () => string
  flash: string | null
  staffBadges: { pendingComments: number }
  assets: { css: string; js: string }
}

export const ViewCtx = createContext<ViewContext | null>(null)

export function useView(): ViewContext {
  const ctx = useContext(ViewCtx)
  if (!ctx) throw new Error('useView() outside render()')
  return ctx
}
