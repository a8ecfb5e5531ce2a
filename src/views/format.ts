const dateFmt = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
const dateTimeFmt = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })

/** "November 25, 2026" (UTC: the site shows one calendar, whoever reads it). */
export const formatDate = (isoString: string) => dateFmt.format(new Date(isoString))
export const formatDateTime = (isoString: string) => dateTimeFmt.format(new Date(isoString))

export function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}
