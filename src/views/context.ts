import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
/**
 * Who is asking, as a page may show it. accounts' Actor has this shape (and
 * more), so views, a platform folder, need not import a feature module.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: { id: number; name: string; email: string; role: string; slug: string; emailConfirmed: boolean } }

/** What every page may show about the request: provided once by render(). */
export interface ViewContext {
  site: { title: string; url: string; tagline: string }
  path: string
  actor: Viewer
  /** What the page around the content offers this viewer, by accounts' rules (app.ts decides). */
  access: {
    /** The staff bar, in place of the member's account links. */
    staff: boolean
    /** Comments and the forum's queues. */
    moderation: boolean
    /** Products, stock, orders, shipping, taxes (admin and shop manager). */
    shop: boolean
    /** Articles and studies. */
    publishing: boolean
    /** Staff, forum categories, the audit log. */
    admin: boolean
    /** A member who has not opened the mailed link yet. */
    mustConfirmEmail: boolean
  }
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
