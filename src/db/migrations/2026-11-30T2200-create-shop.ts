import { sql, type Kysely } from 'kysely'
import { idColumn, timestampType } from './column-types.js'

// The shop (src/shop/). Money is integer minor units of the store currency
// (shop_settings.currency) everywhere; an order copies what it sold (names,
// SKUs, prices, tax rates, the address) so later catalog edits never change it.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db)

  // One row (id = 1): the store's currency, whether entered prices include
  // tax, how long an unpaid order holds its stock, bank-transfer details.
  await db.schema
    .createTable('shop_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull())
    .addColumn('hold_minutes', 'integer', (c) => c.notNull())
    .addColumn('bank_details', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('low_stock_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_settings_one_row', sql`id = 1`)
    .addCheckConstraint('shop_settings_hold', sql`hold_minutes >= 5`)
    .execute()

  await db.schema
    .createTable('shop_categories')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('shop_products')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_md', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_html', 'text', (c) => c.notNull().defaultTo('')) // sanitized when saved
    .addColumn('product_class', 'text', (c) => c.notNull()) // medicine | device | accessory
    .addColumn('category_id', 'integer', (c) => c.references('shop_categories.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | active | archived
    .addColumn('evidence_path', 'text', (c) => c.notNull().defaultTo('')) // a site path, e.g. /minoxidil-evidence
    .addColumn('featured_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_products_class', sql`product_class in ('medicine', 'device', 'accessory')`)
    .addCheckConstraint('shop_products_status', sql`status in ('draft', 'active', 'archived')`)
    .execute()
  await db.schema.createIndex('shop_products_category_idx').on('shop_products').columns(['category_id', 'status', 'position']).execute()

  // A product's gallery beyond its featured image.
  await db.schema
    .createTable('shop_product_media')
    .addColumn('product_id', 'integer', (c) => c.notNull().references('shop_products.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('shop_product_media_pk', ['product_id', 'media_id'])
    .execute()

  // stock NULL = not tracked. The CHECK is the last guard against overselling:
  // reservations are conditional updates whose row count is checked, and a
  // decrement that would go below zero fails here even if a rule is missed.
  await db.schema
    .createTable('shop_variants')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('shop_products.id').onDelete('cascade'))
    .addColumn('sku', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('compare_at_cents', 'integer')
    .addColumn('weight_grams', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stock', 'integer')
    .addColumn('low_stock_threshold', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('low_stock_mailed_at', ts) // cleared when stock rises above the threshold again
    .addColumn('supply_months', 'integer') // months of treatment one unit is (medicine caps count these)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_variants_stock', sql`stock is null or stock >= 0`)
    .addCheckConstraint('shop_variants_price', sql`price_cents >= 0 and (compare_at_cents is null or compare_at_cents >= 0)`)
    .addCheckConstraint('shop_variants_weight', sql`weight_grams >= 0`)
    .execute()
  await db.schema.createIndex('shop_variants_product_idx').on('shop_variants').columns(['product_id', 'position']).execute()

  // What may ship where. A row names either a product class or one product
  // (which overrides its class). rule: allowed | blocked | capped; a cap is in
  // months of supply (max_months, for medicines) or units (max_quantity).
  // A medicine with no row for a country is blocked: staff have not reviewed it.
  await db.schema
    .createTable('shop_country_rules')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('product_class', 'text')
    .addColumn('product_id', 'integer', (c) => c.references('shop_products.id').onDelete('cascade'))
    .addColumn('country', 'text', (c) => c.notNull()) // ISO 3166-1 alpha-2
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('max_months', 'integer')
    .addColumn('max_quantity', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo('')) // shown to the shopper
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('')) // staff's note of where the rule comes from
    .addColumn('reviewed_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_country_rules_target', sql`(product_class is null) <> (product_id is null)`)
    .addCheckConstraint('shop_country_rules_rule', sql`rule in ('allowed', 'blocked', 'capped')`)
    .addCheckConstraint('shop_country_rules_cap', sql`rule <> 'capped' or max_months is not null or max_quantity is not null`)
    .execute()
  await db.schema.createIndex('shop_country_rules_class_idx').on('shop_country_rules').columns(['product_class', 'country']).unique().where(sql.ref('product_class'), 'is not', null).execute()
  await db.schema.createIndex('shop_country_rules_product_idx').on('shop_country_rules').columns(['product_id', 'country']).unique().where(sql.ref('product_id'), 'is not', null).execute()

  // A country belongs to at most one zone; the rest-of-world zone takes every
  // country no zone names.
  await db.schema
    .createTable('shop_shipping_zones')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rest_of_world', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cod_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('shop_shipping_zones_row_idx').on('shop_shipping_zones').column('rest_of_world').unique().where(sql.ref('rest_of_world'), '=', 1).execute()
  await db.schema
    .createTable('shop_zone_countries')
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('shop_shipping_zones.id').onDelete('cascade'))
    .addColumn('country', 'text', (c) => c.notNull().unique())
    .execute()
  await db.schema.createIndex('shop_zone_countries_zone_idx').on('shop_zone_countries').column('zone_id').execute()

  // kind: flat (price_cents) | weight (bands: JSON [{ upToGrams, priceCents }],
  // ascending; heavier than the last band cannot ship by this rate). Any rate
  // is free when the subtotal reaches free_over_cents.
  await db.schema
    .createTable('shop_shipping_rates')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('shop_shipping_zones.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bands', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('free_over_cents', 'integer')
    .addColumn('min_days', 'integer', (c) => c.notNull())
    .addColumn('max_days', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_shipping_rates_kind', sql`kind in ('flat', 'weight')`)
    .addCheckConstraint('shop_shipping_rates_days', sql`min_days >= 0 and max_days >= min_days`)
    .execute()

  // VAT-style rate per destination country, in basis points (1900 = 19 %).
  await db.schema
    .createTable('shop_tax_rates')
    .addColumn('country', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull()) // VAT, GST, MwSt.
    .addColumn('rate_bp', 'integer', (c) => c.notNull())
    .addColumn('applies_to_shipping', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_tax_rates_rate', sql`rate_bp >= 0 and rate_bp <= 10000`)
    .execute()

  // A cart is found by the hash of the token in its signed cookie; a member's
  // cart also by user_id, so it follows them between browsers.
  await db.schema
    .createTable('shop_carts')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('country', 'text') // where the shopper said they ship to, for rules before checkout
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('shop_carts_user_idx').on('shop_carts').column('user_id').execute()
  await db.schema.createIndex('shop_carts_updated_idx').on('shop_carts').column('updated_at').execute()
  await db.schema
    .createTable('shop_cart_lines')
    .addColumn('cart_id', 'integer', (c) => c.notNull().references('shop_carts.id').onDelete('cascade'))
    .addColumn('variant_id', 'integer', (c) => c.notNull().references('shop_variants.id').onDelete('cascade'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('added_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('shop_cart_lines_pk', ['cart_id', 'variant_id'])
    .addCheckConstraint('shop_cart_lines_quantity', sql`quantity > 0`)
    .execute()

  // status: pending_payment | paid | shipped | completed | cancelled | refunded.
  // stock_held is 1 while the order's reserved units are out of stock on its
  // behalf and not yet sold (cancel and expiry give them back exactly once).
  await db.schema
    .createTable('shop_orders')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('number', 'text', (c) => c.unique()) // human: set in the placing transaction
    .addColumn('access_token_hash', 'text', (c) => c.notNull().unique()) // the guest's long link
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text', (c) => c.notNull()) // bank_transfer | cod | card
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull())
    .addColumn('subtotal_cents', 'integer', (c) => c.notNull())
    .addColumn('shipping_cents', 'integer', (c) => c.notNull())
    .addColumn('tax_cents', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('tax_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shipping_tax_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('address', 'text', (c) => c.notNull()) // JSON: name, line1, line2, city, region, postcode, country, phone
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('shipping_rate_id', 'integer', (c) => c.references('shop_shipping_rates.id').onDelete('set null'))
    .addColumn('shipping_method', 'text', (c) => c.notNull())
    .addColumn('delivery_min_days', 'integer', (c) => c.notNull())
    .addColumn('delivery_max_days', 'integer', (c) => c.notNull())
    .addColumn('customer_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stock_held', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hold_expires_at', ts)
    .addColumn('stripe_session_id', 'text', (c) => c.unique())
    .addColumn('payment_started_at', ts)
    .addColumn('carrier', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('placed_at', ts, (c) => c.notNull())
    .addColumn('paid_at', ts)
    .addColumn('shipped_at', ts)
    .addColumn('completed_at', ts)
    .addColumn('cancelled_at', ts)
    .addColumn('refunded_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('shop_orders_status', sql`status in ('pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunded')`)
    .addCheckConstraint('shop_orders_method', sql`payment_method in ('bank_transfer', 'cod', 'card')`)
    .addCheckConstraint('shop_orders_money', sql`subtotal_cents >= 0 and shipping_cents >= 0 and tax_cents >= 0 and total_cents >= 0`)
    .execute()
  await db.schema.createIndex('shop_orders_status_idx').on('shop_orders').columns(['status', 'placed_at']).execute()
  await db.schema.createIndex('shop_orders_user_idx').on('shop_orders').columns(['user_id', 'placed_at']).execute()
  await db.schema.createIndex('shop_orders_placed_idx').on('shop_orders').column('placed_at').execute()

  await db.schema
    .createTable('shop_order_lines')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('shop_orders.id').onDelete('cascade'))
    .addColumn('variant_id', 'integer', (c) => c.references('shop_variants.id').onDelete('set null'))
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('variant_name', 'text', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('product_class', 'text', (c) => c.notNull())
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull()) // as entered (with or without tax, per the order)
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('tax_cents', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull()) // what the buyer pays for the line, tax included
    .addColumn('stock_tracked', 'integer', (c) => c.notNull())
    .addCheckConstraint('shop_order_lines_quantity', sql`quantity > 0`)
    .execute()
  await db.schema.createIndex('shop_order_lines_order_idx').on('shop_order_lines').column('order_id').execute()

  // Every change of an order: who (a staff user, or the system / the payment
  // provider by name), when, from and to which status, and any note.
  await db.schema
    .createTable('shop_order_events')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('order_id', 'integer', (c) => c.notNull().references('shop_orders.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('shop_order_events_order_idx').on('shop_order_events').columns(['order_id', 'id']).execute()

  // Payment-provider events already handled: a replayed webhook finds its id here.
  await db.schema
    .createTable('shop_payment_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_id', 'integer', (c) => c.references('shop_orders.id').onDelete('set null'))
    .addColumn('received_at', ts, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('shop_saved_addresses')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull()) // JSON, as on orders
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('shop_saved_addresses_user_idx').on('shop_saved_addresses').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'shop_saved_addresses', 'shop_payment_events', 'shop_order_events', 'shop_order_lines', 'shop_orders',
    'shop_cart_lines', 'shop_carts', 'shop_tax_rates', 'shop_shipping_rates', 'shop_zone_countries',
    'shop_shipping_zones', 'shop_country_rules', 'shop_variants', 'shop_product_media', 'shop_products',
    'shop_categories', 'shop_settings',
  ]) await db.schema.dropTable(t).execute()
}
