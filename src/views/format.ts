// Dates are shown in UTC (the site shows one calendar, whoever reads it) in
// US English, formatted by hand: Intl.DateTimeFormat cost ~10 µs a call, which
// added up to a tenth of an article page with 200 comments.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "November 25, 2026" */
export function formatDate(isoString: string): string {
  const d = new Date(isoString)
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`
}

/** "November 25, 2026 at 3:07 PM UTC" */
export function formatDateTime(isoString: string): string {
  const d = new Date(isoString)
  const h = d.getUTCHours()
  const m = d.getUTCMinutes()
  return `${formatDate(isoString)} at ${h % 12 || 12}:${m < 10 ? '0' : ''}${m} ${h < 12 ? 'AM' : 'PM'} UTC`
}

export function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}
