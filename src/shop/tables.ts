import type { Generated } from 'kysely'

// The shop's tables (migration 2026-11-30T2200-create-shop). Money is integer
// minor units of the store currency; flags are 0/1; timestamps ISO strings.

export type ProductClass = 'medicine' | 'device' | 'accessory'
export type ProductStatus = 'draft' | 'active' | 'archived'
export type CountryRuleKind = 'allowed' | 'blocked' | 'capped'
export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded'
export type PaymentMethod = 'bank_transfer' | 'cod' | 'card'

export interface ShopSettingsTable {
  id: number
  currency: string
  prices_include_tax: number
  hold_minutes: number
  bank_details: Generated<string>
  low_stock_email: Generated<string>
  updated_at: string
}

export interface ShopCategoriesTable {
  id: Generated<number>
  slug: string
  name: string
  description: Generated<string>
  position: Generated<number>
  created_at: string
}

export interface ShopProductsTable {
  id: Generated<number>
  slug: string
  name: string
  summary: Generated<string>
  description_md: Generated<string>
  description_html: Generated<string>
  product_class: ProductClass
  category_id: number | null
  status: ProductStatus
  evidence_path: Generated<string>
  featured_media_id: number | null
  position: Generated<number>
  created_at: string
  updated_at: string
}

export interface ShopProductMediaTable { product_id: number; media_id: number; position: Generated<number> }

export interface ShopVariantsTable {
  id: Generated<number>
  product_id: number
  sku: string
  name: string
  price_cents: number
  compare_at_cents: number | null
  weight_grams: Generated<number>
  /** null: not tracked */
  stock: number | null
  low_stock_threshold: Generated<number>
  low_stock_mailed_at: string | null
  supply_months: number | null
  active: Generated<number>
  position: Generated<number>
  created_at: string
  updated_at: string
}

export interface ShopCountryRulesTable {
  id: Generated<number>
  product_class: ProductClass | null
  product_id: number | null
  country: string
  rule: CountryRuleKind
  max_months: number | null
  max_quantity: number | null
  reason: Generated<string>
  source: Generated<string>
  reviewed_at: string | null
  updated_at: string
}

export interface ShopShippingZonesTable {
  id: Generated<number>
  name: string
  rest_of_world: Generated<number>
  cod_allowed: Generated<number>
  position: Generated<number>
  created_at: string
}

export interface ShopZoneCountriesTable { zone_id: number; country: string }

export interface ShopShippingRatesTable {
  id: Generated<number>
  zone_id: number
  name: string
  kind: 'flat' | 'weight'
  price_cents: Generated<number>
  /** JSON [{ upToGrams, priceCents }], ascending */
  bands: Generated<string>
  free_over_cents: number | null
  min_days: number
  max_days: number
  active: Generated<number>
  position: Generated<number>
  created_at: string
}

export interface ShopTaxRatesTable {
  country: string
  name: string
  rate_bp: number
  applies_to_shipping: Generated<number>
  updated_at: string
}

export interface ShopCartsTable {
  id: Generated<number>
  token_hash: string
  user_id: number | null
  country: string | null
  created_at: string
  updated_at: string
}

export interface ShopCartLinesTable { cart_id: number; variant_id: number; quantity: number; added_at: string }

export interface ShopOrdersTable {
  id: Generated<number>
  number: string | null
  access_token_hash: string
  idempotency_key: string
  user_id: number | null
  email: string
  status: OrderStatus
  payment_method: PaymentMethod
  currency: string
  prices_include_tax: number
  subtotal_cents: number
  shipping_cents: number
  tax_cents: number
  total_cents: number
  tax_name: Generated<string>
  tax_rate_bp: Generated<number>
  shipping_tax_cents: Generated<number>
  /** JSON Address */
  address: string
  country: string
  shipping_rate_id: number | null
  shipping_method: string
  delivery_min_days: number
  delivery_max_days: number
  customer_note: Generated<string>
  stock_held: Generated<number>
  hold_expires_at: string | null
  stripe_session_id: string | null
  payment_started_at: string | null
  carrier: string | null
  tracking_number: string | null
  placed_at: string
  paid_at: string | null
  shipped_at: string | null
  completed_at: string | null
  cancelled_at: string | null
  refunded_at: string | null
  updated_at: string
}

export interface ShopOrderLinesTable {
  id: Generated<number>
  order_id: number
  variant_id: number | null
  product_name: string
  variant_name: string
  sku: string
  product_class: ProductClass
  unit_price_cents: number
  quantity: number
  tax_cents: number
  total_cents: number
  stock_tracked: number
}

export interface ShopOrderEventsTable {
  id: Generated<number>
  order_id: number
  kind: string
  from_status: OrderStatus | null
  to_status: OrderStatus | null
  actor_user_id: number | null
  actor_label: string
  note: Generated<string>
  created_at: string
}

export interface ShopPaymentEventsTable { event_id: string; kind: string; order_id: number | null; received_at: string }

export interface ShopSavedAddressesTable { id: Generated<number>; user_id: number; address: string; created_at: string }
