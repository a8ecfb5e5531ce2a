import type { StaffLogin } from './staff.js'

export interface SiteResponse { status: number; location: string | null; html: string; headers: Headers }

type Fields = Record<string, string | string[]>

/**
 * A visitor speaking plain HTTP to the site: a cookie jar, the CSRF token
 * scraped from the last page like a browser would submit it, and no
 * redirects followed, so each 303 is seen. For tests that post hundreds of
 * forms, where driving the browser for each would take minutes.
 */
export class SiteClient {
  private readonly cookies = new Map<string, string>()
  csrf = ''

  constructor(public base: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<SiteResponse> {
    const res = await fetch(this.base + path, { headers: { ...headers, cookie: this.cookieHeader() }, redirect: 'manual' })
    return this.take(res)
  }

  /** An urlencoded POST with the current CSRF token. */
  async postForm(path: string, fields: Fields, headers: Record<string, string> = {}): Promise<SiteResponse> {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...fields })) for (const one of [v].flat()) body.append(k, one)
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      body,
      redirect: 'manual',
    })
    return this.take(res)
  }

  /** A multipart POST (the editor's form) with the current CSRF token. */
  async postMultipart(path: string, form: FormData, headers: Record<string, string> = {}): Promise<SiteResponse> {
    // The token goes first, as the site's own forms send it: the server checks it before reading any file.
    const body = new FormData()
    body.set('_csrf', this.csrf)
    for (const [k, v] of form) if (k !== '_csrf') body.append(k, v)
    const res = await fetch(this.base + path, { method: 'POST', headers: { ...headers, cookie: this.cookieHeader() }, body, redirect: 'manual' })
    return this.take(res)
  }

  /** Signs in through /sign-in; throws unless the site answers with the 303 to /admin. */
  async signIn(who: StaffLogin): Promise<void> {
    await this.get('/sign-in')
    const res = await this.postForm('/sign-in', { email: who.email, password: who.password, next: '' })
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`)
    // The session comes with a new CSRF secret: take a token from a fresh page.
    await this.get('/admin')
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private async take(res: Response): Promise<SiteResponse> {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const html = await res.text()
    const token = hiddenValue(html, '_csrf')
    if (token) this.csrf = token
    return { status: res.status, location: res.headers.get('location'), html, headers: res.headers }
  }
}

/** The value of a hidden input in server-rendered HTML (attribute values are entity-escaped). */
export function hiddenValue(html: string, name: string): string | null {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)
  return m ? unescapeHtml(m[1]) : null
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}
