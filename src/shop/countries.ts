import { createRequire } from 'node:module'
import countries, { type LocaleData } from 'i18n-iso-countries/index.js'
import { postcodeValidator, postcodeValidatorExistsForCountry } from 'postcode-validator'

// Countries are ISO 3166-1 alpha-2 codes, named and listed by
// i18n-iso-countries (not a hand-typed list that goes stale); postcodes are
// checked where postcode-validator knows the country's format, and accepted
// as typed elsewhere (many countries have none, or several).

// The package's main entry registers all of its 78 languages (about 8 MB
// resident); the site names countries in English only, so it takes the
// library without them and registers that one.
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json') as LocaleData)

const NAMES: Record<string, string> = countries.getNames('en', { select: 'official' })
// Sorted once by display name, for the country pickers.
const LIST: { code: string; name: string }[] = Object.entries(countries.getNames('en', { select: 'official' }))
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'))

/** Every ISO 3166 country, by short English name, for a <select>. */
export function countryOptions(): readonly { code: string; name: string }[] {
  return LIST
}

/** Whether the text is an assigned alpha-2 code (upper case, as stored). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code)
}

/** 'DE' → 'Germany'; an unknown code is shown as itself. */
export function countryName(code: string): string {
  return NAMES[code] ?? code
}

export type PostcodeCheck = 'ok' | 'invalid' | 'unchecked'

/** Checks a postcode against the country's known format, when one is known. */
export function checkPostcode(postcode: string, country: string): PostcodeCheck {
  if (!postcodeValidatorExistsForCountry(country)) return 'unchecked'
  return postcodeValidator(postcode.trim(), country) ? 'ok' : 'invalid'
}
