import type { CountryRuleKind, ProductClass } from './tables.js'
import { countryName } from './countries.js'

// Which products may ship to which country: pure functions over the rule
// rows (shop_country_rules), so the product page, the cart, checkout and the
// placing transaction all give the same answer for the same rows.
//
// A product's own row for a country wins over its class's row. With neither,
// medicines are refused (staff have not reviewed that country: default-deny,
// ../shared/DOMAIN.md §5) and devices and accessories ship.

export interface CountryRule {
  id: number
  productClass: ProductClass | null
  productId: number | null
  country: string
  rule: CountryRuleKind
  maxMonths: number | null
  maxQuantity: number | null
  reason: string
}

export type Verdict =
  | { kind: 'allowed' }
  | { kind: 'blocked'; reason: string }
  | { kind: 'capped'; ruleId: number; maxMonths: number | null; maxQuantity: number | null; reason: string }

export interface RuleSubject { productId: number; productClass: ProductClass }

/** The rule row that governs this product in this country, if any. */
export function governingRule(rules: readonly CountryRule[], p: RuleSubject, country: string): CountryRule | null {
  return rules.find((r) => r.country === country && r.productId === p.productId)
    ?? rules.find((r) => r.country === country && r.productId === null && r.productClass === p.productClass)
    ?? null
}

/** May this product ship to this country, and how much of it. */
export function verdictFor(rules: readonly CountryRule[], p: RuleSubject, country: string): Verdict {
  const rule = governingRule(rules, p, country)
  if (!rule) {
    return p.productClass === 'medicine'
      ? { kind: 'blocked', reason: `We have not yet reviewed the rules for sending medicines to ${countryName(country)}, so we cannot ship this there.` }
      : { kind: 'allowed' }
  }
  switch (rule.rule) {
    case 'allowed': return { kind: 'allowed' }
    case 'blocked': return { kind: 'blocked', reason: rule.reason || `This product cannot be sent to ${countryName(country)}.` }
    case 'capped': return { kind: 'capped', ruleId: rule.id, maxMonths: rule.maxMonths, maxQuantity: rule.maxQuantity, reason: rule.reason }
  }
}

export interface RuleLine extends RuleSubject {
  variantId: number
  productName: string
  quantity: number
  /** Months of treatment one unit is; a months cap counts these (a unit without it counts as one month). */
  supplyMonths: number | null
}

export type LineProblem =
  | { kind: 'blocked'; variantId: number; message: string }
  | { kind: 'over-cap'; variantId: number; message: string }

/**
 * What stops these cart lines shipping to the country. A cap counts every
 * line its rule governs together: at most 3 months' supply of medicines to
 * Australia is 3 months across foam and solution, not 3 of each.
 */
export function lineProblems(rules: readonly CountryRule[], lines: readonly RuleLine[], country: string): LineProblem[] {
  const problems: LineProblem[] = []
  const capped = new Map<number, { verdict: Extract<Verdict, { kind: 'capped' }>; lines: RuleLine[] }>()
  for (const line of lines) {
    const v = verdictFor(rules, line, country)
    if (v.kind === 'blocked') problems.push({ kind: 'blocked', variantId: line.variantId, message: `${line.productName}: ${v.reason}` })
    else if (v.kind === 'capped') {
      const group = capped.get(v.ruleId) ?? { verdict: v, lines: [] }
      group.lines.push(line)
      capped.set(v.ruleId, group)
    }
  }
  for (const { verdict, lines: group } of capped.values()) {
    const units = group.reduce((n, l) => n + l.quantity, 0)
    const months = group.reduce((n, l) => n + l.quantity * (l.supplyMonths ?? 1), 0)
    const where = countryName(country)
    const why = verdict.reason ? ` ${verdict.reason}` : ''
    let message: string | null = null
    if (verdict.maxMonths !== null && months > verdict.maxMonths) {
      message = `At most ${verdict.maxMonths} months' supply can be sent to ${where} in one order; this cart has ${months}.${why}`
    } else if (verdict.maxQuantity !== null && units > verdict.maxQuantity) {
      message = `At most ${verdict.maxQuantity} of this can be sent to ${where} in one order; this cart has ${units}.${why}`
    }
    if (message) for (const l of group) problems.push({ kind: 'over-cap', variantId: l.variantId, message: `${l.productName}: ${message}` })
  }
  return problems
}

/** What the product page says about one country, before anything is in the cart. */
export function shippingNote(rules: readonly CountryRule[], p: RuleSubject, country: string): { ships: boolean; message: string } {
  const v = verdictFor(rules, p, country)
  const where = countryName(country)
  switch (v.kind) {
    case 'allowed': return { ships: true, message: `Ships to ${where}.` }
    case 'blocked': return { ships: false, message: v.reason }
    case 'capped': {
      const cap = v.maxMonths !== null ? `at most ${v.maxMonths} months' supply` : `at most ${v.maxQuantity}`
      return { ships: true, message: `Ships to ${where}, ${cap} per order.${v.reason ? ` ${v.reason}` : ''}` }
    }
  }
}
