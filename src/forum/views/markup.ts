import type { SanitizedHtml } from '../../views/html.js'

// Markup built as plain strings, for the rows a forum page repeats (topic-list
// rows, a topic's posts): a profile of these pages put preact's per-element
// work and its throwaway vnodes near the top, for rows whose shape never
// varies. Every interpolated value is escaped here, the way
// preact-render-to-string escapes text and attributes (&, <, "), so a row
// reads the same as the component it replaces; only Markup made by `html`
// and stored sanitized HTML (SanitizedHtml) pass through unescaped.

/** A piece of markup this module built: safe to join into a page as it is. */
export class Markup {
  constructor(readonly value: string) {}
  toString() { return this.value }
}

const SPECIAL = /["&<]/

/** Text or a double-quoted attribute value, escaped. */
export function escapeHtml(s: string): string {
  if (!SPECIAL.test(s)) return s
  let out = ''
  let last = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const rep = c === 38 ? '&amp;' : c === 60 ? '&lt;' : c === 34 ? '&quot;' : null
    if (rep) { out += s.slice(last, i) + rep; last = i + 1 }
  }
  return out + s.slice(last)
}

type Part = Markup | string | number | null | undefined | false | readonly Part[]

function part(v: Part): string {
  if (v instanceof Markup) return v.value
  if (v === null || v === undefined || v === false) return ''
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return escapeHtml(v)
  let out = ''
  for (const x of v) out += part(x)
  return out
}

/** A template whose every value is escaped (strings, numbers), joined (arrays, Markup) or left out (null, undefined, false). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]
  return new Markup(out)
}

/** HTML that went through the sanitizer when it was stored (views/html.ts). */
export const sanitized = (h: SanitizedHtml) => new Markup(h)

/** The markup as RawHtml takes it: every piece was escaped or sanitized on the way in. */
export const asPageHtml = (m: Markup) => m.value as SanitizedHtml

/** 1234 → "1,234", as toLocaleString('en-US') writes a count, without Intl's cost per call. */
export function formatCount(n: number): string {
  if (!Number.isInteger(n)) return n.toLocaleString('en-US')
  const s = String(Math.abs(n))
  let out = s.length > 3 ? '' : s
  if (s.length > 3) {
    const head = s.length % 3 || 3
    out = s.slice(0, head)
    for (let i = head; i < s.length; i += 3) out += ',' + s.slice(i, i + 3)
  }
  return n < 0 ? `-${out}` : out
}

/** "1 reply", "1,204 replies" (views/format.ts plural, by formatCount). */
export const countOf = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`
