import type { ComponentChildren } from 'preact'
import { Layout } from '../../views/layout.js'
import { Checkbox, CsrfField, Field, FormErrors } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'
import { Picture, type MediaInfo } from '../../content/index.js'
import { formatMoney } from '../money.js'
import type { CategoryRow, VariantRow } from '../queries/catalog.js'

// The staff product editor: the product list, a product's form with its
// variants and stock, a variant's form, and the categories.

const CLASSES = [
  { value: 'medicine', label: 'Medicine (country rules apply; needs an evidence article)' },
  { value: 'device', label: 'Device' },
  { value: 'accessory', label: 'Accessory' },
]
const STATUSES = [
  { value: 'draft', label: 'Draft (staff only)' },
  { value: 'active', label: 'Active (on sale)' },
  { value: 'archived', label: 'Archived (off sale)' },
]

function Select({ form, name, label, options, required, hint }: {
  form: FormState; name: string; label: string; options: { value: string; label: string }[]; required?: boolean; hint?: string
}) {
  const error = form.errors[name]
  const id = `f-${name}`
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}{required ? <span class="required" aria-hidden="true"> *</span> : null}</label>
      {hint ? <p class="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <select id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {options.map((o) => <option value={o.value} selected={(form.values[name] ?? '') === o.value}>{o.label}</option>)}
      </select>
      {error ? <p class="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  )
}

/** A staff table with a header row, or a line saying there is nothing in it yet. */
function AdminTable({ columns, rows, empty }: { columns: string[]; rows: ComponentChildren[]; empty: string }) {
  if (!rows.length) return <p class="muted">{empty}</p>
  return (
    <div class="table-wrap">
      <table class="admin-table">
        <thead><tr>{columns.map((c) => <th scope="col">{c}</th>)}</tr></thead>
        <tbody>{rows}</tbody>
      </table>
    </div>
  )
}

/** A form inside one table row: its inputs, a small button, and the row's error (its id is what the inputs point to). */
function RowForm({ action, formClass, button, error, errorId, children }: {
  action: string; formClass?: string; button: string; error: string | undefined; errorId: string; children: ComponentChildren
}) {
  return (
    <form method="post" action={action} class={formClass ? `inline-form ${formClass}` : 'inline-form'}>
      <CsrfField />
      {children}
      <button class="btn btn--secondary btn--small">{button}</button>
      {error ? <p class="field__error" id={errorId}>{error}</p> : null}
    </form>
  )
}

export interface StaffProductRow { id: number; slug: string; name: string; status: string; product_class: string; category: string | null; variants: number; stock: number | null }

export function ProductListPage({ rows }: { rows: StaffProductRow[] }) {
  return (
    <Layout meta={{ title: 'Products', noindex: true }} wide>
      <div class="admin-head">
        <h1>Products</h1>
        <p class="actions">
          <a class="btn btn--secondary" href="/admin/shop/categories">Categories</a>{' '}
          <a class="btn btn--primary" href="/admin/shop/products/new">Add a product</a>
        </p>
      </div>
      <AdminTable columns={['Product', 'Class', 'Category', 'Status', 'Variants', 'Stock']} empty="No products yet." rows={rows.map((r) => (
        <tr>
          <td><a href={`/admin/shop/products/${r.id}`}>{r.name}</a><br /><span class="meta">/shop/p/{r.slug}</span></td>
          <td>{r.product_class}</td>
          <td>{r.category ?? '—'}</td>
          <td><span class={`status status--${r.status}`}>{r.status}</span></td>
          <td>{r.variants}</td>
          <td>{r.stock ?? 'not tracked'}</td>
        </tr>
      ))} />
    </Layout>
  )
}

export interface ProductEditView {
  form: FormState
  categories: CategoryRow[]
  /** Set when editing. */
  product?: { id: number; slug: string; status: string; featured: (MediaInfo & { alt: string }) | null; gallery: (MediaInfo & { id: number; alt: string })[] }
  variants: VariantRow[]
  currency: string
  /** A failed stock edit: the variant and its form. */
  stockForm?: { variantId: number; form: FormState }
  /** A refused gallery upload: what was typed, and why. */
  galleryForm?: FormState
}

export function ProductEditPage(v: ProductEditView) {
  const p = v.product
  const title = p ? `Edit ${v.form.values.name || 'product'}` : 'Add a product'
  return (
    <Layout meta={{ title, noindex: true }} wide>
      <p class="meta"><a href="/admin/shop/products">← All products</a></p>
      <div class="admin-head">
        <h1>{title}</h1>
        {p ? <p class="actions"><a class="btn btn--secondary" href={`/shop/p/${p.slug}`}>{p.status === 'active' ? 'View in the shop' : 'Preview'}</a></p> : null}
      </div>
      <FormErrors form={v.form} />
      <form method="post" action={p ? `/admin/shop/products/${p.id}` : '/admin/shop/products'} enctype="multipart/form-data" novalidate class="product-editor">
        <CsrfField />
        <Field form={v.form} name="name" label="Name" required maxLength={160} />
        <Field form={v.form} name="slug" label="Slug" maxLength={120} hint="The address: /shop/p/<slug>. Left empty, it is made from the name." />
        <Field form={v.form} name="summary" label="Summary" maxLength={300} hint="One line on the product card: what it is. No health claims (cure, regrowth, guaranteed, clinically proven, before/after…)." />
        <Field form={v.form} name="description" label="Description (Markdown)" multiline rows={12} hint="What it is, how it is used, how to use it safely. What the studies found belongs in the evidence article." />
        <Select form={v.form} name="product_class" label="Kind of product" required options={CLASSES} />
        <Select form={v.form} name="category_id" label="Category" options={[{ value: '', label: 'No category' }, ...v.categories.map((c) => ({ value: String(c.id), label: c.name }))]} />
        <Select form={v.form} name="status" label="Status" required options={STATUSES} />
        <Field form={v.form} name="evidence_path" label="Evidence article" maxLength={200} hint="A path on this site, e.g. /minoxidil-evidence: the medicine page links it." />
        <Field form={v.form} name="position" label="Position" type="number" hint="Lower numbers are listed first." />
        <fieldset class="product-editor__image">
          <legend>Featured picture</legend>
          {p?.featured ? <Picture media={p.featured} alt={p.featured.alt} sizes="10rem" class="product-editor__thumb" /> : null}
          <input type="hidden" name="featured_media_id" value={v.form.values.featured_media_id ?? ''} />
          <div class={`field${v.form.errors.featured_file ? ' field--error' : ''}`}>
            <label for="f-featured_file">{p?.featured ? 'Replace the picture' : 'Upload a picture'}</label>
            <input type="file" id="f-featured_file" name="featured_file" accept="image/jpeg,image/png,image/webp"
              aria-describedby={v.form.errors.featured_file ? 'f-featured_file-error' : undefined} />
            {v.form.errors.featured_file ? <p class="field__error" id="f-featured_file-error">{v.form.errors.featured_file}</p> : null}
          </div>
          <Field form={v.form} name="featured_alt" label="Describe the new picture" maxLength={300} />
        </fieldset>
        <button class="btn btn--primary">{p ? 'Save product' : 'Add product'}</button>
      </form>

      {p ? <GallerySection productId={p.id} gallery={p.gallery} form={v.galleryForm ?? { values: {}, errors: {} }} /> : null}

      {p ? <VariantsSection productId={p.id} variants={v.variants} currency={v.currency} stockForm={v.stockForm} /> : (
        <p class="muted">Add the product first; then add its variants (sizes, packs) with their SKU, price and stock.</p>
      )}
    </Layout>
  )
}

/** More pictures, shown after the featured one on the product page: each with its description and a remove button, and an upload form. */
function GallerySection({ productId, gallery, form }: { productId: number; gallery: NonNullable<ProductEditView['product']>['gallery']; form: FormState }) {
  const fileError = form.errors.gallery_file
  return (
    <section class="admin-section" aria-labelledby="gallery-heading">
      <h2 id="gallery-heading">More pictures</h2>
      {gallery.length ? (
        <ul class="product-editor__gallery">
          {gallery.map((m) => (
            <li>
              <Picture media={m} alt={m.alt} sizes="8rem" />
              <p class="product-editor__alt">{m.alt}</p>
              <form method="post" action={`/admin/shop/products/${productId}/gallery/${m.id}/remove`}>
                <CsrfField />
                <button class="btn btn--link">Remove<span class="visually-hidden"> the picture “{m.alt}”</span></button>
              </form>
            </li>
          ))}
        </ul>
      ) : <p class="muted">No more pictures yet: the product page shows the featured one alone.</p>}
      <FormErrors form={form} />
      <form method="post" action={`/admin/shop/products/${productId}/gallery`} enctype="multipart/form-data" novalidate class="product-editor__image">
        <CsrfField />
        <div class={`field${fileError ? ' field--error' : ''}`}>
          <label for="f-gallery_file">Add a picture</label>
          <input type="file" id="f-gallery_file" name="gallery_file" accept="image/jpeg,image/png,image/webp" required
            aria-invalid={fileError ? 'true' : undefined} aria-describedby={fileError ? 'f-gallery_file-error' : undefined} />
          {fileError ? <p class="field__error" id="f-gallery_file-error">{fileError}</p> : null}
        </div>
        <Field form={form} name="gallery_alt" label="Describe the picture" required maxLength={300} hint="For people who cannot see it: what it shows, e.g. the roller in its case." />
        <button class="btn btn--secondary">Upload the picture</button>
      </form>
    </section>
  )
}

function VariantsSection({ productId, variants, currency, stockForm }: { productId: number; variants: VariantRow[]; currency: string; stockForm?: ProductEditView['stockForm'] }) {
  return (
    <section class="admin-section" aria-labelledby="variants-heading">
      <div class="admin-head">
        <h2 id="variants-heading">Variants and stock</h2>
        <p class="actions"><a class="btn btn--primary" href={`/admin/shop/products/${productId}/variants/new`}>Add a variant</a></p>
      </div>
      <AdminTable columns={['Variant', 'SKU', 'Price', 'Active', 'Stock']} empty="No variants yet: shoppers cannot order this product until it has one." rows={variants.map((x) => {
        const failed = stockForm?.variantId === x.id ? stockForm.form : null
        const error = failed?.errors.stock
        const id = `stock-${x.id}`
        return (
          <tr>
            <td><a href={`/admin/shop/products/${productId}/variants/${x.id}`}>{x.name}</a></td>
            <td><code>{x.sku}</code></td>
            <td>{formatMoney(x.price_cents, currency)}{x.compare_at_cents !== null ? <> (was {formatMoney(x.compare_at_cents, currency)})</> : null}</td>
            <td>{x.active ? 'yes' : 'no'}</td>
            <td>
              <RowForm action={`/admin/shop/products/${productId}/variants/${x.id}/stock`} formClass="stock-form" button="Set stock" error={error} errorId={`${id}-error`}>
                <label class="visually-hidden" for={id}>Stock of {x.name} (empty: not tracked)</label>
                <input type="number" id={id} name="stock" min={0} class="stock-form__input" value={failed ? failed.values.stock ?? '' : x.stock === null ? '' : String(x.stock)}
                  aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} placeholder="not tracked" />
              </RowForm>
            </td>
          </tr>
        )
      })} />
    </section>
  )
}

export function VariantEditPage({ form, product, variantId, currency }: { form: FormState; product: { id: number; name: string }; variantId?: number; currency: string }) {
  const title = variantId ? `Edit variant of ${product.name}` : `Add a variant to ${product.name}`
  return (
    <Layout meta={{ title, noindex: true }}>
      <p class="meta"><a href={`/admin/shop/products/${product.id}`}>← {product.name}</a></p>
      <h1>{title}</h1>
      <FormErrors form={form} />
      <form method="post" action={variantId ? `/admin/shop/products/${product.id}/variants/${variantId}` : `/admin/shop/products/${product.id}/variants`} novalidate>
        <CsrfField />
        <Field form={form} name="sku" label="SKU" required maxLength={64} hint="Unique across the shop; shoppers' forms carry it. Letters, digits, dots, hyphens." />
        <Field form={form} name="name" label="Name" required maxLength={120} hint="e.g. 1.0 mm, or 3 months (3 bottles)." />
        <div class="field-row">
          <Field form={form} name="price" label={`Price (${currency})`} required hint="e.g. 14.90" />
          <Field form={form} name="compare_at" label={`Compare-at price (${currency})`} hint="Shown struck through; must be higher than the price." />
        </div>
        <div class="field-row">
          <Field form={form} name="weight_grams" label="Weight (grams)" required type="number" />
          <Field form={form} name="supply_months" label="Months of supply" type="number" hint="Medicines: country caps count these." />
        </div>
        <div class="field-row">
          <Field form={form} name="stock" label="Stock" type="number" hint="Empty: not tracked (always available)." />
          <Field form={form} name="low_stock_threshold" label="Low-stock threshold" type="number" hint='At or below it, shoppers see "Only N left" and staff get a mail.' />
        </div>
        <Field form={form} name="position" label="Position" type="number" />
        <Checkbox form={form} name="active" label="Active (shoppers can choose it)" />
        <button class="btn btn--primary">{variantId ? 'Save variant' : 'Add variant'}</button>
      </form>
    </Layout>
  )
}

export function CategoriesPage({ categories, form, editing }: { categories: CategoryRow[]; form: FormState; editing?: { id: number; form: FormState } }) {
  return (
    <Layout meta={{ title: 'Shop categories', noindex: true }} wide>
      <p class="meta"><a href="/admin/shop/products">← Products</a></p>
      <h1>Shop categories</h1>
      <AdminTable columns={['Name', 'Slug', 'Position', 'Rename']} empty="No categories yet." rows={categories.map((c) => {
        const f = editing?.id === c.id ? editing.form : { values: { name: c.name, slug: c.slug, description: c.description, position: String(c.position) }, errors: {} }
        const err = f.errors.name ?? f.errors.slug ?? f.errors.position
        return (
          <tr>
            <td><a href={`/shop/c/${c.slug}`}>{c.name}</a></td>
            <td><code>{c.slug}</code></td>
            <td>{c.position}</td>
            <td>
              <RowForm action={`/admin/shop/categories/${c.id}`} button="Save" error={err} errorId={`cat-${c.id}-error`}>
                <label class="visually-hidden" for={`cat-name-${c.id}`}>Name of {c.name}</label>
                <input id={`cat-name-${c.id}`} name="name" value={f.values.name ?? ''} maxLength={80} aria-describedby={err ? `cat-${c.id}-error` : undefined} />
                <label class="visually-hidden" for={`cat-slug-${c.id}`}>Slug of {c.name}</label>
                <input id={`cat-slug-${c.id}`} name="slug" value={f.values.slug ?? ''} maxLength={80} />
                <input type="hidden" name="description" value={f.values.description ?? ''} />
                <label class="visually-hidden" for={`cat-pos-${c.id}`}>Position of {c.name}</label>
                <input id={`cat-pos-${c.id}`} name="position" type="number" value={f.values.position ?? ''} class="stock-form__input" />
              </RowForm>
            </td>
          </tr>
        )
      })} />
      <h2>Add a category</h2>
      <FormErrors form={form} />
      <form method="post" action="/admin/shop/categories" novalidate>
        <CsrfField />
        <Field form={form} name="name" label="Name" required maxLength={80} />
        <Field form={form} name="slug" label="Slug" maxLength={80} hint="Left empty, it is made from the name." />
        <Field form={form} name="description" label="Description" maxLength={400} />
        <Field form={form} name="position" label="Position" type="number" />
        <button class="btn btn--primary">Add category</button>
      </form>
    </Layout>
  )
}
