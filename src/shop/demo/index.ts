import type { CountryRuleKind, ProductClass } from '../tables.js'
import type { WeightBand } from '../pricing.js'

// The demo shop's data: a small store shipping from Germany. Product copy
// says what each thing is, how it is used and how to use it safely; it makes
// no claims about outcomes (../shared/DOMAIN.md §5), and claims.ts checks it
// in the demo's test as the editor would.

export const demoShopSettings = {
  currency: 'EUR',
  pricesIncludeTax: true,
  holdMinutes: 60,
  bankDetails: 'Crown Demo Shop GmbH\nIBAN: DE02 1203 0000 0000 2020 51\nBIC: BYLADEM1001\nUse your order number as the payment reference.',
  lowStockEmail: '',
}

export const demoShopCategories = [
  { slug: 'microneedling', name: 'Microneedling', description: 'Derma rollers in three needle lengths, with their storage case.' },
  { slug: 'minoxidil', name: 'Minoxidil', description: 'Minoxidil 5% foam and solution, non-prescription medicines. Country rules apply and are shown before you pay.' },
  { slug: 'scalp-care', name: 'Scalp care', description: 'Simple tools for washing and massaging the scalp.' },
]

export interface DemoVariant { sku: string; name: string; priceCents: number; compareAtCents?: number; weightGrams: number; stock: number | null; supplyMonths?: number }

export interface DemoProduct {
  slug: string
  name: string
  summary: string
  description: string
  productClass: ProductClass
  category: string
  evidencePath: string
  image: { file: string; alt: string }
  gallery: { file: string; alt: string }[]
  variants: DemoVariant[]
}

export const demoProducts: DemoProduct[] = [
  {
    slug: 'derma-roller',
    name: 'Derma roller, 540 titanium needles',
    summary: 'A hand-held roller with 540 fine titanium needles, in three needle lengths, with a clear storage case.',
    productClass: 'device',
    category: 'microneedling',
    evidencePath: '/derma-roller-needle-length-and-interval',
    image: { file: 'derma-roller.svg', alt: 'Drawing of a derma roller: a white handle and a drum covered in fine needles' },
    gallery: [{ file: 'derma-roller-case.svg', alt: 'Drawing of the roller in its clear storage case, labeled 1.0 mm' }],
    variants: [
      { sku: 'DR-050', name: '0.5 mm', priceCents: 1490, compareAtCents: 1990, weightGrams: 60, stock: 25 },
      { sku: 'DR-100', name: '1.0 mm', priceCents: 1690, weightGrams: 60, stock: 18 },
      { sku: 'DR-150', name: '1.5 mm', priceCents: 1890, weightGrams: 60, stock: 2 },
    ],
    description: `A derma roller is a small handle with a rotating drum covered in fine needles. Rolled over the skin, the needles make many tiny, shallow punctures. This one has 540 titanium needles on a 2 cm drum and comes in a clear storage case.

## Which length

- **0.5 mm** is the shortest we sell and the usual choice for a first roller.
- **1.0 mm** and **1.5 mm** puncture deeper and are more likely to cause pinpoint bleeding and soreness. Many clinics keep these lengths for use by trained staff.

Needle length is not the depth reached: pressure, angle and skin thickness matter too. Our article on [needle length and interval](/derma-roller-needle-length-and-interval) sets out what the trials used and what is convention.

## Using it safely

- Wash your scalp and your hands first. Disinfect the roller with 70% isopropyl alcohol before and after each use, and let it air-dry in its case.
- Roll lightly in a few directions; do not press hard or drag the roller sideways.
- Do not use it on broken, infected, sunburnt or inflamed skin, on moles, or if you have a bleeding disorder or take blood thinners. Never share a roller.
- Replace it when the needles look bent or blunt, usually after 10 to 15 uses.
- Do not put other products on freshly needled skin unless a pharmacist or doctor has said it is safe.

Stop and see a doctor if you notice spreading redness, warmth, swelling or pus after a session.`,
  },
  {
    slug: 'minoxidil-5-foam',
    name: 'Minoxidil 5% foam',
    summary: 'Minoxidil 5% cutaneous foam for use on the scalp, 60 g per can. A non-prescription medicine: read the leaflet before use.',
    productClass: 'medicine',
    category: 'minoxidil',
    evidencePath: '/minoxidil-label-shedding-and-when-to-judge',
    image: { file: 'minoxidil-foam.svg', alt: 'Drawing of a white aerosol can labeled minoxidil 5% foam, 60 g' },
    gallery: [],
    variants: [
      { sku: 'MXF-1M', name: '1 month (one 60 g can)', priceCents: 2490, weightGrams: 110, stock: 40, supplyMonths: 1 },
      { sku: 'MXF-3M', name: '3 months (three 60 g cans)', priceCents: 6490, weightGrams: 330, stock: 15, supplyMonths: 3 },
    ],
    description: `Minoxidil 5% foam is a non-prescription medicine applied to the scalp. One 60 g can lasts about a month at the dose on the label.

## How it is used

Follow the dose in the leaflet: for the 5% foam, usually half a capful once a day on a dry scalp, spread with the fingertips. Wash your hands afterwards. The foam contains no propylene glycol, an ingredient of many solutions that some people find irritating.

## Before you buy

- It is for adults with gradual, hereditary thinning on the top of the scalp. Sudden, patchy or unexplained hair loss needs a doctor first.
- Do not use it if you are pregnant or breastfeeding, under 18, or if your scalp is red, inflamed, infected or painful. Ask a pharmacist first if you have a heart condition or take medicine for blood pressure.
- The leaflet describes increased shedding in the first weeks. Stop and see a doctor if you have chest pain, a fast heartbeat, faintness, dizziness or sudden weight gain.
- The can is pressurised and flammable: keep it away from heat and flames.

What the studies measured, and when to judge it, is in our [article on using minoxidil](/minoxidil-label-shedding-and-when-to-judge).`,
  },
  {
    slug: 'minoxidil-5-solution',
    name: 'Minoxidil 5% solution',
    summary: 'Minoxidil 5% cutaneous solution with a dropper, 60 ml per bottle. A non-prescription medicine: read the leaflet before use.',
    productClass: 'medicine',
    category: 'minoxidil',
    evidencePath: '/minoxidil-label-shedding-and-when-to-judge',
    image: { file: 'minoxidil-solution.svg', alt: 'Drawing of an amber bottle labeled minoxidil 5% solution, 60 ml, with a dropper marked at 1 ml' },
    gallery: [],
    variants: [
      { sku: 'MXS-1M', name: '1 month (one 60 ml bottle)', priceCents: 1990, weightGrams: 120, stock: 40, supplyMonths: 1 },
      { sku: 'MXS-3M', name: '3 months (three 60 ml bottles)', priceCents: 5290, weightGrams: 360, stock: 12, supplyMonths: 3 },
    ],
    description: `Minoxidil 5% solution is a non-prescription medicine applied to the scalp with the dropper. One 60 ml bottle lasts about a month at the dose on the label.

## How it is used

Follow the dose in the leaflet: usually 1 ml twice a day on a dry scalp, spread over the thinning area. Wash your hands afterwards, and let it dry before bed or before styling. The solution contains alcohol and propylene glycol; if your scalp itches or flakes, ask a pharmacist whether the foam suits you better.

## Before you buy

- It is for adults with gradual, hereditary thinning on the top of the scalp. Sudden, patchy or unexplained hair loss needs a doctor first.
- Do not use it if you are pregnant or breastfeeding, under 18, or if your scalp is red, inflamed, infected or painful. Ask a pharmacist first if you have a heart condition or take medicine for blood pressure.
- The leaflet describes increased shedding in the first weeks. Stop and see a doctor if you have chest pain, a fast heartbeat, faintness, dizziness or sudden weight gain.
- It is flammable until dry, and harmful if swallowed: keep it away from flames, children and pets.

What the studies measured, and when to judge it, is in our [article on using minoxidil](/minoxidil-label-shedding-and-when-to-judge).`,
  },
  {
    slug: 'scalp-massage-brush',
    name: 'Scalp-massage brush',
    summary: 'A palm-sized brush with soft silicone bristles, for working shampoo into the scalp or a dry massage.',
    productClass: 'accessory',
    category: 'scalp-care',
    evidencePath: '/scalp-massage-what-two-small-studies-show',
    image: { file: 'scalp-brush.svg', alt: 'Drawing of a round brush with a grip on top and soft silicone bristles' },
    gallery: [],
    variants: [{ sku: 'BRUSH-STD', name: 'Standard', priceCents: 990, weightGrams: 70, stock: null }],
    description: `A round brush that fits in the palm, with soft, flexible silicone bristles. Use it in the shower to work shampoo into the scalp, or on a dry scalp for a massage.

## Using it

- Move it in small circles with light pressure. It should never scratch or hurt.
- Do not use it on broken, sunburnt or inflamed skin.
- Rinse it after use and let it dry; it can go in the top rack of a dishwasher.

What the two small studies on scalp massage measured, and what they cannot tell us, is in our [article on scalp massage](/scalp-massage-what-two-small-studies-show).`,
  },
]

export const EU_COUNTRIES = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']
const EEA_ONLY = ['IS', 'LI', 'NO']

export interface DemoRate { name: string; kind: 'flat' | 'weight'; priceCents?: number; bands?: WeightBand[]; freeOverCents?: number; minDays: number; maxDays: number }
export interface DemoZone { name: string; countries: string[] | 'rest-of-world'; codAllowed?: boolean; rates: DemoRate[] }

/** Shipped from Germany: cash on delivery only at home. */
export const demoZones: DemoZone[] = [
  {
    name: 'Germany', countries: ['DE'], codAllowed: true,
    rates: [{ name: 'DHL parcel', kind: 'flat', priceCents: 390, freeOverCents: 5000, minDays: 1, maxDays: 3 }],
  },
  {
    name: 'EU and EEA', countries: [...EU_COUNTRIES.filter((c) => c !== 'DE'), ...EEA_ONLY],
    rates: [
      { name: 'Standard', kind: 'flat', priceCents: 690, freeOverCents: 5000, minDays: 2, maxDays: 6 },
      { name: 'Express', kind: 'weight', bands: [{ upToGrams: 500, priceCents: 1490 }, { upToGrams: 2000, priceCents: 1990 }], minDays: 1, maxDays: 3 },
    ],
  },
  {
    name: 'United Kingdom', countries: ['GB'],
    rates: [{ name: 'Tracked', kind: 'weight', bands: [{ upToGrams: 500, priceCents: 990 }, { upToGrams: 2000, priceCents: 1590 }], minDays: 3, maxDays: 6 }],
  },
  {
    name: 'North America', countries: ['US', 'CA', 'MX'],
    rates: [{ name: 'International tracked', kind: 'weight', bands: [{ upToGrams: 500, priceCents: 1490 }, { upToGrams: 2000, priceCents: 2490 }], minDays: 5, maxDays: 10 }],
  },
  {
    name: 'Rest of world', countries: 'rest-of-world',
    rates: [{ name: 'International', kind: 'flat', priceCents: 1990, minDays: 7, maxDays: 21 }],
  },
]

/** Standard VAT rates in basis points (demo figures: check current rates before real use). */
export const demoTaxRates: { country: string; name: string; rateBp: number }[] = [
  ...Object.entries({
    AT: 2000, BE: 2100, BG: 2000, HR: 2500, CY: 1900, CZ: 2100, DK: 2500, EE: 2400, FI: 2550, FR: 2000, DE: 1900, GR: 2400, HU: 2700, IE: 2300,
    IT: 2200, LV: 2100, LT: 2100, LU: 1700, MT: 1800, NL: 2100, PL: 2300, PT: 2300, RO: 2100, SK: 2300, SI: 2200, ES: 2100, SE: 2500,
  }).map(([country, rateBp]) => ({ country, name: 'VAT', rateBp })),
  { country: 'GB', name: 'VAT', rateBp: 2000 },
]

export interface DemoRule { country: string; productClass?: ProductClass; productSlug?: string; rule: CountryRuleKind; maxMonths?: number; reason: string; source: string }

const EEA_SOURCE = 'EU distance selling of non-prescription medicines (Directive 2011/62/EU); demo review'

/**
 * Medicines: allowed in the reviewed EU/EEA countries (Finland capped at 3
 * months), capped in Australia, allowed in Canada, refused in the US; every
 * other country stays blocked until staff review it (rules.ts default). One
 * product override: the foam cannot go to Canada.
 */
export const demoRules: DemoRule[] = [
  ...[...EU_COUNTRIES, ...EEA_ONLY].filter((c) => c !== 'FI').map((country) => ({ country, productClass: 'medicine' as const, rule: 'allowed' as const, reason: '', source: EEA_SOURCE })),
  {
    country: 'FI', productClass: 'medicine', rule: 'capped', maxMonths: 3,
    reason: 'Finland allows minoxidil to be sent from within the EEA up to 3 months\u2019 supply per order.', source: 'Finnish Medicines Agency import rules (helsinkitimes.fi summary); demo review',
  },
  {
    country: 'AU', productClass: 'medicine', rule: 'capped', maxMonths: 3,
    reason: 'Australia\u2019s personal import scheme allows up to 3 months\u2019 supply per order.', source: 'TGA Personal Importation Scheme; demo review',
  },
  { country: 'CA', productClass: 'medicine', rule: 'allowed', reason: '', source: 'Topical minoxidil up to 5% unscheduled in Canada since 2017; demo review' },
  {
    country: 'US', productClass: 'medicine', rule: 'blocked',
    reason: 'We are not registered to sell medicines to the United States, so we cannot send minoxidil there. The roller and the brush can still be sent.', source: 'demo review',
  },
  {
    country: 'CA', productSlug: 'minoxidil-5-foam', rule: 'blocked',
    reason: 'The foam comes in a pressurised, flammable can, which carriers do not take in international mail to Canada. The solution can be sent instead.', source: 'Carrier dangerous-goods rules; demo review',
  },
]
