/**
 * WordPress dates as exports write them. "0000-00-00 00:00:00" (and a pubDate
 * in year -0001) is how WordPress says "no date yet", on drafts above all:
 * those become null, never 1970 or year 0.
 */

const MYSQL_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** "2026-03-14 09:30:00" in GMT → "2026-03-14T09:30:00.000Z"; null when zero or unreadable. */
export function gmtToIso(text: string): string | null {
  const local = siteLocalToIsoLike(text)
  return local === null ? null : `${local}.000Z`
}

/** "2026-03-14 10:30:00" (site time zone) → "2026-03-14T10:30:00", kept zone-less; null when zero or unreadable. */
export function siteLocalToIsoLike(text: string): string | null {
  const m = MYSQL_DATE.exec(text)
  if (m === null) return null
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
  if (y < 1) return null
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  // Reject 2026-02-31 and friends rather than let Date roll them into March.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  return back.toISOString().slice(0, 19)
}

const RFC822 = /^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}|GMT|UT|Z)$/

/** An RSS pubDate ("Sat, 14 Mar 2026 09:30:00 +0000") → ISO; null for WordPress's "-0001" no-date. */
export function rfc822ToIso(text: string): string | null {
  if (!RFC822.test(text.trim())) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** Disqus's "2026-03-14T09:30:00Z" → ISO; null when unreadable. */
export function isoInstant(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}
