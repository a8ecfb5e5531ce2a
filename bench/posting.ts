import Database from 'better-sqlite3'
import { TreeMeter, printRow, type Figures } from './lib.js'

// Posting throughput: article comments and forum replies sent through the
// same forms a browser sends, by guests without an account. Each post is a
// guest of its own (own address through X-Forwarded-For, which the bench
// server believes from 127.0.0.1 through TRUST_PROXY; own cookies, name and
// email): one poster sending post after post would meet the flood interval
// (15 s) at its second post, as it should. Nothing is switched off for the
// bench: CSRF, the signed form stamp and its minimum fill time, the honeypot,
// every spam rule, the transaction with counts and search, the commit.
//
// A guest first opens the page (the form's CSRF token, its cookie and the
// signed "shown at" stamp), then posts at least the minimum fill time later,
// as a person does. The pages are opened before the measured stretch, so the
// figures are the POSTs' alone: N posters, each sending its next prepared
// form as soon as its last one was answered.

// The form's minimum fill time (src/http/form-stamp.ts FORM_TIMING.minFillMs), with a margin.
const FILL_WAIT_MS = 3_500
// At most this many forms are opened beforehand, or as many as fit in the run's length.
const MAX_FORMS = 20_000

/** One browser: a cookie jar for our own cookies and the address it comes from. */
class Guest {
  private cookies = new Map<string, string>()
  constructor(private base: string, readonly ip: string) {}

  async request(url: string, init: { method?: string; body?: string | FormData; type?: string } = {}): Promise<{ status: number; body: string; location: string | null }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    if (init.type) headers['content-type'] = init.type
    const res = await fetch(this.base + url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = pair.indexOf('=')
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return { status: res.status, body: await res.text(), location: res.headers.get('location') }
  }
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return m ? decode(m[1]) : null
}

/** A form as a browser would send it untouched: hidden and prefilled values, checked boxes, file inputs (empty); the forms posted here have no select. */
export interface PageForm { action: string; multipart: boolean; fields: [string, string][]; files: string[] }

/** The form posting to `action` on this page, or null when the page has none. */
export function findForm(html: string, action: string): PageForm | null {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (attr(m[1], 'action') !== action) continue
    const fields: [string, string][] = []
    const files: string[] = []
    for (const el of m[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<input\b([^>]*)>/g)) {
      const tag = el[1] ?? el[3]
      const name = attr(tag, 'name')
      if (!name) continue
      // A browser drops the newline that opens a textarea's text.
      if (el[1] !== undefined) { fields.push([name, decode(el[2].replace(/^\r?\n/, ''))]); continue }
      const type = (attr(tag, 'type') ?? 'text').toLowerCase()
      if (type === 'file') files.push(name)
      else if (type === 'checkbox' || type === 'radio') { if (/\schecked\b/.test(tag)) fields.push([name, attr(tag, 'value') ?? 'on']) }
      else if (type !== 'submit' && type !== 'button' && type !== 'image') fields.push([name, attr(tag, 'value') ?? ''])
    }
    return { action, multipart: (attr(m[1], 'enctype') ?? '').includes('multipart'), fields, files }
  }
  return null
}

interface Prepared { guest: Guest; form: PageForm; n: number }

/** What to post: the page holding the form, the form's action, and what the guest types in. */
export interface PostingTarget {
  label: string
  /** The page with the form for the n-th guest. */
  page(n: number): string
  action(n: number): string
  /** The fields a person fills in (body, name, email); the rest are sent as the page gave them. */
  typed(n: number): Record<string, string>
  /** Rows in the table the posts land in, to count what was committed rather than what was sent. */
  count(): number
}

export interface PostingFigures extends Figures {
  /** Posts committed (the table's rows after minus before). */
  posted: number
  /** POSTs answered, by status. */
  statuses: Record<number, number>
  seconds: number
  /** True when the prepared forms were all used before the time was up (the rate is still per second posted). */
  ranOut: boolean
  /** The first refusal's message, to tell why a post was refused. */
  firstRefusal?: string
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0
}

/**
 * Opens forms for distinct guests, `connections` at a time: for `seconds`, or
 * longer (up to three times that) until there are `atLeast`; never more than MAX_FORMS.
 */
async function prepareForms(base: string, target: PostingTarget, seconds: number, atLeast: number, connections: number, firstGuest: number): Promise<Prepared[]> {
  const prepared: Prepared[] = []
  const started = performance.now()
  const more = () => {
    const elapsed = performance.now() - started
    return prepared.length < MAX_FORMS && (elapsed < seconds * 1000 || (prepared.length < atLeast && elapsed < 3 * seconds * 1000))
  }
  let n = firstGuest
  await Promise.all(Array.from({ length: connections }, async () => {
    while (more()) {
      const i = n++
      // 10.0.0.0/8 holds 16 million addresses: every guest comes from its own.
      const guest = new Guest(base, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
      let page = await guest.request(target.page(i))
      // A short address answers with a redirect to the full one, which a browser follows.
      for (let hops = 0; page.location && page.status >= 300 && page.status < 400 && hops < 3; hops++) page = await guest.request(new URL(page.location, base).pathname)
      if (page.status !== 200) throw new Error(`${target.page(i)} answered ${page.status}`)
      const form = findForm(page.body, target.action(i))
      if (!form) throw new Error(`${target.page(i)} has no form posting to ${target.action(i)}`)
      prepared.push({ guest, form, n: i })
    }
  }))
  return prepared
}

function formBody(p: Prepared, typed: Record<string, string>): { body: string | FormData; type?: string } {
  const values = p.form.fields.map(([k, v]): [string, string] => [k, k in typed ? typed[k] : v])
  for (const k of Object.keys(typed)) if (!values.some(([name]) => name === k)) throw new Error(`the form ${p.form.action} has no field ${k}`)
  if (!p.form.multipart) return { body: new URLSearchParams(values).toString(), type: 'application/x-www-form-urlencoded' }
  const fd = new FormData()
  for (const [k, v] of values) fd.append(k, v)
  // A file input left empty is still sent by a browser: a part with no file name and no bytes.
  for (const name of p.form.files) fd.append(name, new Blob([], { type: 'application/octet-stream' }), '')
  return { body: fd }
}

/**
 * Measures `posters` guests posting at once through `target`'s form on the
 * server at `base` (root pid `pid`): posts committed per second, the POSTs'
 * p50/p99, the server tree's CPU ms per POST and peak RSS.
 */
export async function benchPosting(base: string, pid: number, target: PostingTarget, opts: { seconds: number; posters: number; firstGuest?: number }): Promise<PostingFigures> {
  const forms = await prepareForms(base, target, opts.seconds, opts.posters * 20, 16, opts.firstGuest ?? 0)
  await new Promise((r) => setTimeout(r, FILL_WAIT_MS))
  const before = target.count()
  const statuses: Record<number, number> = {}
  const latencies: number[] = []
  let firstRefusal: string | undefined
  let next = 0
  const meter = new TreeMeter(pid)
  const started = performance.now()
  const deadline = started + opts.seconds * 1000
  await Promise.all(Array.from({ length: opts.posters }, async () => {
    while (performance.now() < deadline && next < forms.length) {
      const p = forms[next++]
      const { body, type } = formBody(p, target.typed(p.n))
      const sent = performance.now()
      const res = await p.guest.request(p.form.action, { method: 'POST', body, type })
      latencies.push(performance.now() - sent)
      statuses[res.status] = (statuses[res.status] ?? 0) + 1
      if (res.status !== 303 && firstRefusal === undefined) firstRefusal = `${res.status}: ${whyRefused(res.body)}`
    }
  }))
  const elapsed = (performance.now() - started) / 1000
  const cpu = meter.cpuMs()
  const rss = meter.rss()
  const posted = target.count() - before
  latencies.sort((a, b) => a - b)
  const sent = latencies.length
  return {
    rps: posted / elapsed, p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)),
    errors: 0, non2xx: sent - (statuses[303] ?? 0), requests: sent, cpuMsPerRequest: sent ? cpu / sent : undefined, rss,
    posted, statuses, seconds: elapsed, ranOut: next >= forms.length && elapsed < opts.seconds, firstRefusal,
  }
}

/** What a refused post's page says: its alert (a form error) or else its heading and first paragraph (an error page). */
function whyRefused(html: string): string {
  const text = (s: string | undefined) => s?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
  const alert = /<(div|p)\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/.exec(html)?.[2]
  const page = /<h1\b[^>]*>([\s\S]*?)<\/h1>[\s\S]*?<p\b[^>]*>([\s\S]*?)<\/p>/.exec(html)
  return (text(alert) || (page ? `${text(page[1])}: ${text(page[2])}` : text(html.slice(0, 200))) || '(empty)').slice(0, 200)
}

/** Prints a posting row: posts committed per second, then what was sent and refused. */
export function printPosting(label: string, f: PostingFigures) {
  printRow(label, f, 'posts/s')
  const refused = Object.entries(f.statuses).filter(([s]) => s !== '303').map(([s, n]) => `${n}× ${s}`).join(', ')
  console.log(`  ${f.posted} committed of ${f.requests} POSTs in ${f.seconds.toFixed(1)} s${f.ranOut ? ' (all prepared forms used)' : ''}${refused ? `; not 303: ${refused} (first: ${f.firstRefusal})` : ''}`)
}

/** Rows in a table of a SQLite file, read beside the running server (WAL). */
export function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true })
  try { return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n } finally { db.close() }
}
