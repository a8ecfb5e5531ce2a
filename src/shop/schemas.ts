import { z } from 'zod'
import { CONTROL_MESSAGE, hasNoControlCharacters } from './form-text.js'

// zod for the cart, checkout and order forms (every field a string, as forms send them).

const csrf = { _csrf: z.string().optional() }
const quantity = (min: number) => z.string().trim().regex(/^\d{1,3}$/, 'Enter a whole number.').transform(Number)
  .pipe(z.number().int().min(min, `Enter at least ${min}.`).max(99, 'At most 99 of one item.'))

export const AddFields = z.object({
  ...csrf,
  sku: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'Choose a variant.'),
  quantity: quantity(1).optional().default(1),
  back: z.string().optional(),
})

export const QuantityFields = z.object({
  ...csrf,
  variant: z.string().regex(/^\d{1,12}$/).transform(Number),
  quantity: quantity(0),
})

export const RemoveFields = z.object({ ...csrf, variant: z.string().regex(/^\d{1,12}$/).transform(Number) })

export const ShipToFields = z.object({
  ...csrf,
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Choose a country.'),
  back: z.string().optional(),
})

/** Only a path in the shop may be a place to send the shopper back to. */
export function shopBack(back: string | undefined): string {
  return back && /^\/shop(\/[\w\-./%?=&]*)?$/.test(back) && !back.startsWith('//') && !back.includes('..') ? back : '/shop/cart'
}

const text = (label: string, max: number) => z.string().trim().min(1, `Enter ${label}.`).max(max, `At most ${max} characters.`).refine(hasNoControlCharacters, CONTROL_MESSAGE)
const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoControlCharacters, CONTROL_MESSAGE).optional().default('')

export const PAYMENT_METHODS = ['bank_transfer', 'cod', 'card'] as const

/** The checkout form. Cross-field checks (postcode for the country, offered methods) are the route's. */
export const CheckoutFields = z.object({
  ...csrf,
  email: z.string().trim().max(254).pipe(z.email('Enter an email address like name@example.com.')),
  name: text('the name to ship to', 120),
  line1: text('the street address', 200),
  line2: optionalText(200),
  city: text('the town or city', 120),
  region: optionalText(120),
  postcode: optionalText(20),
  country: z.string().trim().regex(/^[A-Z]{2}$/, 'Choose a country.'),
  phone: z.string().trim().max(40).regex(/^[+\d\s()./-]*$/, 'Enter a phone number with digits, spaces and + only.').optional().default(''),
  shipping: z.string({ error: 'Choose a shipping method.' }).regex(/^\d{1,12}$/, 'Choose a shipping method.').transform(Number),
  payment: z.enum(PAYMENT_METHODS, { error: 'Choose how you will pay.' }),
  note: optionalText(1000),
  terms: z.literal('on', { error: 'Please accept the terms of sale to place the order.' }),
  key: z.string().regex(/^[\w-]{16,64}$/, 'This form has expired; please submit it again.'),
  quoted: z.string().regex(/^\d{1,12}:\d{1,12}(,\d{1,12}:\d{1,12}){0,49}$/, 'This page is out of date; please check the summary and submit again.'),
  saveAddress: z.string().optional(),
  savedAddress: z.string().optional(),
  action: z.string().optional(),
})
export type CheckoutInput = z.output<typeof CheckoutFields>

export const TokenParam = z.object({ token: z.string().regex(/^[\w-]{20,100}$/) })

export const OrderEmailFields = z.object({ ...csrf, email: z.string().trim().max(254).pipe(z.email('Enter the email address the order was placed with.')) })

export const AddressIdParam = z.object({ id: z.string().regex(/^\d{1,12}$/).transform(Number) })
