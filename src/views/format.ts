// Dates are shown in the site's time zone (an admin setting, defaulting to
// the server's), one calendar for every reader, in US English. Feeds and
// <time datetime> attributes stay in UTC, as their standards want.
//
// Formatted by hand: Intl.DateTimeFormat cost ~10 µs a call, which added up
// to a tenth of an article page with 200 comments. Only the zone's offset and
// name come from Intl, once per quarter hour of time (offsets change only on
// quarter-hour boundaries), and are then reused.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The server's own zone: the site's until an admin chooses one. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

let choices: { list: string[]; set: Set<string> } | undefined

/** Zones an admin may choose: the IANA names this Node knows, UTC and the server's own. */
export function timeZoneChoices(): string[] {
  return [...zoneChoices().list]
}

// Made once: the setting is checked against them on every request.
function zoneChoices() {
  if (!choices) {
    const list = [...new Set(['UTC', serverTimeZone(), ...Intl.supportedValuesOf('timeZone')])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)))
    choices = { list, set: new Set(list) }
  }
  return choices
}

// Capitalised segments, as IANA spells them: "Europe/Berlin", "Etc/GMT+5".
const IANA_NAME = /^[A-Z][A-Za-z_]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/

/**
 * A zone Intl lists, or another IANA name for one (ICU lists "Asia/Calcutta"
 * where tzdata now says "Asia/Kolkata", and Node versions differ on which).
 */
export function isTimeZone(name: string): boolean {
  const known = zoneChoices().set
  if (known.has(name)) return true
  if (!IANA_NAME.test(name)) return false
  try {
    return known.has(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone)
  } catch {
    return false
  }
}

interface Zone { name: string; parts: Intl.DateTimeFormat; cache: Map<number, ZoneInfo> }
interface ZoneInfo { offsetMs: number; label: string }

const QUARTER_HOUR = 15 * 60_000
const CACHE_LIMIT = 20_000
let zone: Zone = makeZone(serverTimeZone())

function makeZone(name: string): Zone {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short',
  })
  return { name, parts, cache: new Map() }
}

/** The zone dates are shown and entered in. */
export function siteTimeZone(): string {
  return zone.name
}

/**
 * Makes `name` the zone every date is shown and entered in, for this process.
 * The admin module sets it at boot and re-reads the setting on each request,
 * so every process on the same database agrees.
 */
export function setSiteTimeZone(name: string): void {
  if (name === zone.name) return
  if (!isTimeZone(name)) throw new Error(`unknown time zone: ${name}`)
  zone = makeZone(name)
}

function zoneInfo(ms: number): ZoneInfo {
  const bucket = Math.floor(ms / QUARTER_HOUR)
  let info = zone.cache.get(bucket)
  if (!info) {
    const at = bucket * QUARTER_HOUR
    const p: Record<string, string> = {}
    for (const part of zone.parts.formatToParts(new Date(at))) p[part.type] = part.value
    const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
    info = { offsetMs: wall - at, label: p.timeZoneName ?? zone.name }
    if (zone.cache.size >= CACHE_LIMIT) zone.cache.clear()
    zone.cache.set(bucket, info)
  }
  return info
}

/** The wall-clock time in the site's zone, as a Date whose UTC fields read it. */
function wallClock(isoString: string): { d: Date; label: string } {
  const ms = new Date(isoString).getTime()
  const info = zoneInfo(ms)
  return { d: new Date(ms + info.offsetMs), label: info.label }
}

/** "November 25, 2026", the day in the site's time zone. */
export function formatDate(isoString: string): string {
  const { d } = wallClock(isoString)
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`
}

/** "November 25, 2026 at 3:07 PM GMT+1": the time in the site's zone, named. */
export function formatDateTime(isoString: string): string {
  const { d, label } = wallClock(isoString)
  const h = d.getUTCHours()
  const m = d.getUTCMinutes()
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${h % 12 || 12}:${m < 10 ? '0' : ''}${m} ${h < 12 ? 'AM' : 'PM'} ${label}`
}

/** "November 25, 2026" for a calendar day with no time (a review date): no zone moves it. */
export function formatCalendarDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number)
  return `${MONTHS[m - 1]} ${d}, ${y}`
}

/** A datetime-local field's value ("2026-07-01T09:00") for an instant, in the site's zone. */
export function toLocalInputValue(isoString: string): string {
  return wallClock(isoString).d.toISOString().slice(0, 16)
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * The instant a datetime-local value ("2026-07-01T09:00") names in the site's
 * zone, as an ISO string; null when it is no real date. Daylight-saving edges
 * are read as calendars and Temporal ("compatible") read them: a time skipped
 * when clocks go forward means the same clock reading after the change
 * (02:30 on a spring-forward night in Berlin is 03:30 CEST); a time that
 * happens twice when clocks go back means the first.
 */
export function fromLocalInputValue(value: string): string | null {
  const m = LOCAL_INPUT.exec(value)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0))
  const wall = Date.UTC(y, mo - 1, d, h, mi, s)
  const check = new Date(wall)
  if (Number.isNaN(wall) || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  // Offsets a day either side of the reading cover any transition near it.
  const before = zoneInfo(wall - 86_400_000).offsetMs
  const after = zoneInfo(wall + 86_400_000).offsetMs
  const readsAs = (t: number) => t + zoneInfo(t).offsetMs === wall
  const candidates = [wall - before, wall - after].filter(readsAs).sort((a, b) => a - b)
  // No candidate: the reading fell in a gap; the offset before it carries it past the gap.
  return new Date(candidates[0] ?? wall - before).toISOString()
}

export function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}
