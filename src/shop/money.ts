// Money is an integer count of the currency's minor units from the form to
// the database to the mail; it becomes a decimal string only when shown.
// Tax is rounded once per line (and once for shipping), half away from zero.

const formatters = new Map<string, Intl.NumberFormat>()

function formatter(currency: string): Intl.NumberFormat {
  let f = formatters.get(currency)
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { style: 'currency', currency })
    formatters.set(currency, f)
  }
  return f
}

/** How many minor units the currency has after the point (EUR 2, JPY 0). */
export function currencyDigits(currency: string): number {
  return formatter(currency).resolvedOptions().maximumFractionDigits ?? 2
}

/** 1250, 'EUR' → '€12.50'. */
export function formatMoney(minor: number, currency: string): string {
  return formatter(currency).format(minor / 10 ** currencyDigits(currency))
}

/** The amount as a plain decimal for forms and JSON-LD: 1250 → '12.50'. */
export function decimalString(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  if (digits === 0) return `${sign}${abs}`
  const unit = 10 ** digits
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`
}

/**
 * Parses what staff type into a price field ('12.5', '12.50', '1,234.00')
 * into minor units, or null when it is not an amount with at most the
 * currency's digits after the point.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = currencyDigits(currency)
  const t = text.trim().replace(/[\s,](?=\d{3}(\D|$))/g, '')
  const m = digits === 0 ? /^(\d{1,9})$/.exec(t) : new RegExp(`^(\\d{1,9})(?:\\.(\\d{1,${digits}}))?$`).exec(t)
  if (!m) return null
  const fraction = (m[2] ?? '').padEnd(digits, '0')
  return Number(m[1]) * 10 ** digits + (digits ? Number(fraction) : 0)
}

/** Rounds half away from zero (amounts here are never negative, but be exact anyway). */
function roundHalfUp(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x))
}

/**
 * The tax in an amount at a rate in basis points. With `inclusive`, the amount
 * already holds the tax (19 % of €11.90 gross is €1.90); otherwise it is the
 * tax to add on top of it.
 */
export function taxOf(amount: number, rateBp: number, inclusive: boolean): number {
  if (rateBp === 0 || amount === 0) return 0
  // Integer arithmetic: amount × rate stays far below 2^53 for any real order.
  return inclusive ? roundHalfUp((amount * rateBp) / (10_000 + rateBp)) : roundHalfUp((amount * rateBp) / 10_000)
}

/** '19 %' from 1900 basis points; '7.5 %' from 750. */
export function formatRate(rateBp: number): string {
  return `${(rateBp / 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })} %`
}
