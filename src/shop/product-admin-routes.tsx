import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { NotFound } from '../http/errors.js'
import { emptyForm, parseForm, type FormState } from '../http/forms.js'
import { imageUploads } from '../http/multipart.js'
import { ROLES } from '../accounts/index.js'
import { describeUploadProblem, mediaInfoByIds, MAX_UPLOAD_BYTES, storeImage } from '../content/index.js'
import { decimalString } from './money.js'
import { readShopSettings } from './queries/pricing.js'
import * as q from './queries/catalog.js'
import { CategoryFields, GalleryFields, ProductFields, StockFields, VariantFields, addGalleryPicture, removeGalleryPicture, saveCategory, saveProduct, saveVariant, setStock, type SaveOutcome } from './product-admin.js'
import { CategoriesPage, ProductEditPage, ProductListPage, VariantEditPage, type ProductEditView } from './views/ProductAdminPages.js'

// /admin/shop/products and /admin/shop/categories: the staff product editor.
// Routes are thin: parse, one use case, map the outcome (303 on success, 422
// re-rendering the form with what was typed on a refusal).

const shop = { roles: ROLES.shop }
const withPicture = { roles: ROLES.shop, upload: imageUploads(1) }

const Id = z.string().regex(/^\d{1,9}$/).transform(Number)
const ProductParams = z.object({ id: Id })
const VariantParams = z.object({ id: Id, variantId: Id })
const GalleryParams = z.object({ id: Id, mediaId: Id })

function params<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw)
  if (!r.success) throw new NotFound()
  return r.data
}

const actorId = (req: FastifyRequest) => (req.actor.kind === 'user' ? req.actor.user.id : 0)

/** The file a multipart form sent in this field, or null when none was chosen. */
async function fileField(body: unknown, name: string): Promise<{ data: Buffer; filename: string; truncated: boolean } | null> {
  const raw = (body as Record<string, unknown> | undefined)?.[name] as
    | { type?: string; filename?: string; toBuffer?: () => Promise<Buffer>; file?: { truncated?: boolean } } | undefined
  if (!raw || raw.type !== 'file' || !raw.filename || !raw.toBuffer) return null
  const data = await raw.toBuffer()
  if (!data.length) return null
  return { data, filename: raw.filename, truncated: Boolean(raw.file?.truncated) || data.length > MAX_UPLOAD_BYTES }
}

export function productAdminRoutes(app: FastifyInstance, deps: Deps) {
  const productOr404 = async (id: number) => {
    const p = await q.productById(deps.db, id)
    if (!p) throw new NotFound()
    return p
  }

  const productForm = (p: q.ProductRow): FormState => emptyForm({
    name: p.name, slug: p.slug, summary: p.summary, description: p.description_md, product_class: p.product_class,
    category_id: p.category_id === null ? '' : String(p.category_id), status: p.status, evidence_path: p.evidence_path,
    featured_media_id: p.featured_media_id === null ? '' : String(p.featured_media_id), position: String(p.position),
  })

  const renderProduct = async (req: FastifyRequest, reply: FastifyReply, form: FormState, p: q.ProductRow | undefined, status?: number, extra: Partial<ProductEditView> = {}) => {
    const [categories, settings, variants, galleryIds] = await Promise.all([
      q.listCategories(deps.db), readShopSettings(deps.db),
      p ? q.variantsOf(deps.db, [p.id], { includeInactive: true }) : Promise.resolve([]),
      p ? q.galleryMediaIds(deps.db, p.id) : Promise.resolve([]),
    ])
    const media = await mediaInfoByIds(deps, [...(p?.featured_media_id ? [p.featured_media_id] : []), ...galleryIds])
    const product = p ? {
      id: p.id, slug: p.slug, status: p.status, featured: (p.featured_media_id && media.get(p.featured_media_id)) || null,
      gallery: galleryIds.flatMap((id) => { const m = media.get(id); return m ? [{ ...m, id }] : [] }),
    } : undefined
    return render(req, reply, <ProductEditPage form={form} categories={categories} product={product} variants={variants} currency={settings.currency} {...extra} />, status)
  }

  app.get('/admin/shop/products', { config: shop }, async (req, reply) => {
    return render(req, reply, <ProductListPage rows={await q.listProductsForStaff(deps.db)} />)
  })

  app.get('/admin/shop/products/new', { config: shop }, async (req, reply) => {
    return renderProduct(req, reply, emptyForm({ status: 'draft', product_class: 'device' }), undefined)
  })

  app.get('/admin/shop/products/:id', { config: shop }, async (req, reply) => {
    const p = await productOr404(params(ProductParams, req.params).id)
    return renderProduct(req, reply, productForm(p), p)
  })

  const handleProduct = async (req: FastifyRequest, reply: FastifyReply, existing: q.ProductRow | undefined) => {
    const parsed = parseForm(ProductFields, req.body)
    const state: FormState = { values: { ...parsed.state.values }, errors: { ...parsed.state.errors } }
    // A picture is stored first, so a refused save keeps it chosen.
    let uploadedMediaId: number | null = null
    const file = await fileField(req.body, 'featured_file')
    if (file) {
      const alt = (state.values.featured_alt ?? '').trim()
      if (!alt) state.errors.featured_alt = 'Describe the new picture for people who cannot see it.'
      else {
        const stored = file.truncated ? { kind: 'too-large' as const } : await storeImage(deps, { data: file.data, originalName: file.filename, alt, caption: '', uploadedBy: actorId(req) })
        if (stored.kind === 'stored') {
          uploadedMediaId = stored.mediaId
          state.values.featured_media_id = String(stored.mediaId)
          state.values.featured_alt = ''
        } else state.errors.featured_file = describeUploadProblem(stored)
      }
    }
    if (parsed.ok && !Object.keys(state.errors).length) {
      const outcome: SaveOutcome = await saveProduct(deps, { id: existing?.id, input: parsed.value, uploadedMediaId, actorUserId: actorId(req) })
      if (outcome.kind === 'saved') return flash(reply, existing ? 'Product saved.' : 'Product added. Now add its variants.').redirect(`/admin/shop/products/${outcome.id}`, 303)
      if (outcome.kind === 'not-found') throw new NotFound()
      Object.assign(state.errors, outcome.errors)
    }
    return renderProduct(req, reply, state, existing, 422)
  }

  app.post('/admin/shop/products', { config: withPicture, preHandler: app.csrfProtection }, async (req, reply) => handleProduct(req, reply, undefined))
  app.post('/admin/shop/products/:id', { config: withPicture, preHandler: app.csrfProtection }, async (req, reply) => {
    return handleProduct(req, reply, await productOr404(params(ProductParams, req.params).id))
  })

  // ---- gallery --------------------------------------------------------------

  app.post('/admin/shop/products/:id/gallery', { config: withPicture, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await productOr404(params(ProductParams, req.params).id)
    const parsed = parseForm(GalleryFields, req.body)
    const galleryForm: FormState = { values: { ...parsed.state.values }, errors: { ...parsed.state.errors } }
    const file = await fileField(req.body, 'gallery_file')
    if (!file) galleryForm.errors.gallery_file = 'Choose a picture to upload (JPEG, PNG or WebP).'
    if (parsed.ok && file) {
      const stored = file.truncated ? { kind: 'too-large' as const } : await storeImage(deps, { data: file.data, originalName: file.filename, alt: parsed.value.gallery_alt, caption: '', uploadedBy: actorId(req) })
      if (stored.kind === 'stored') {
        const outcome = await addGalleryPicture(deps, { productId: p.id, mediaId: stored.mediaId, actorUserId: actorId(req) })
        if (outcome.kind === 'not-found') throw new NotFound()
        return flash(reply, 'Picture added.').redirect(`/admin/shop/products/${p.id}#gallery-heading`, 303)
      }
      galleryForm.errors.gallery_file = describeUploadProblem(stored)
    }
    return renderProduct(req, reply, productForm(p), p, 422, { galleryForm })
  })

  app.post('/admin/shop/products/:id/gallery/:mediaId/remove', { config: shop, preHandler: app.csrfProtection }, async (req, reply) => {
    const { id, mediaId } = params(GalleryParams, req.params)
    const outcome = await removeGalleryPicture(deps, { productId: id, mediaId, actorUserId: actorId(req) })
    if (outcome.kind === 'not-found') throw new NotFound()
    return flash(reply, 'Picture removed from the product.').redirect(`/admin/shop/products/${id}#gallery-heading`, 303)
  })

  // ---- variants -------------------------------------------------------------

  const renderVariant = async (req: FastifyRequest, reply: FastifyReply, p: q.ProductRow, form: FormState, variantId?: number, status?: number) => {
    const { currency } = await readShopSettings(deps.db)
    return render(req, reply, <VariantEditPage form={form} product={{ id: p.id, name: p.name }} variantId={variantId} currency={currency} />, status)
  }

  const variantOr404 = async (productId: number, variantId: number) => {
    const v = await q.variantById(deps.db, variantId)
    if (!v || v.product_id !== productId) throw new NotFound()
    return v
  }

  app.get('/admin/shop/products/:id/variants/new', { config: shop }, async (req, reply) => {
    const p = await productOr404(params(ProductParams, req.params).id)
    return renderVariant(req, reply, p, emptyForm({ active: 'on', low_stock_threshold: '3', weight_grams: '0' }))
  })

  app.get('/admin/shop/products/:id/variants/:variantId', { config: shop }, async (req, reply) => {
    const { id, variantId } = params(VariantParams, req.params)
    const p = await productOr404(id)
    const v = await variantOr404(id, variantId)
    const { currency } = await readShopSettings(deps.db)
    return renderVariant(req, reply, p, emptyForm({
      sku: v.sku, name: v.name, price: decimalString(v.price_cents, currency), compare_at: v.compare_at_cents === null ? '' : decimalString(v.compare_at_cents, currency),
      weight_grams: String(v.weight_grams), stock: v.stock === null ? '' : String(v.stock), low_stock_threshold: String(v.low_stock_threshold),
      supply_months: v.supply_months === null ? '' : String(v.supply_months), active: v.active ? 'on' : '', position: String(v.position),
    }), v.id)
  })

  const handleVariant = async (req: FastifyRequest, reply: FastifyReply, p: q.ProductRow, variantId?: number) => {
    const parsed = parseForm(VariantFields, req.body)
    if (parsed.ok) {
      const outcome = await saveVariant(deps, { productId: p.id, variantId, input: parsed.value, actorUserId: actorId(req) })
      if (outcome.kind === 'saved') return flash(reply, variantId ? 'Variant saved.' : 'Variant added.').redirect(`/admin/shop/products/${p.id}`, 303)
      if (outcome.kind === 'not-found') throw new NotFound()
      return renderVariant(req, reply, p, { values: parsed.state.values, errors: outcome.errors }, variantId, 422)
    }
    return renderVariant(req, reply, p, parsed.state, variantId, 422)
  }

  app.post('/admin/shop/products/:id/variants', { config: shop, preHandler: app.csrfProtection }, async (req, reply) => {
    return handleVariant(req, reply, await productOr404(params(ProductParams, req.params).id))
  })
  app.post('/admin/shop/products/:id/variants/:variantId', { config: shop, preHandler: app.csrfProtection }, async (req, reply) => {
    const { id, variantId } = params(VariantParams, req.params)
    const p = await productOr404(id)
    await variantOr404(id, variantId)
    return handleVariant(req, reply, p, variantId)
  })

  app.post('/admin/shop/products/:id/variants/:variantId/stock', { config: shop, preHandler: app.csrfProtection }, async (req, reply) => {
    const { id, variantId } = params(VariantParams, req.params)
    const p = await productOr404(id)
    await variantOr404(id, variantId)
    const parsed = parseForm(StockFields, req.body)
    if (!parsed.ok) return renderProduct(req, reply, productForm(p), p, 422, { stockForm: { variantId, form: parsed.state } })
    const outcome = await setStock(deps, { productId: id, variantId, stock: parsed.value.stock === '' ? null : Number(parsed.value.stock), actorUserId: actorId(req) })
    if (outcome.kind !== 'saved') throw new NotFound()
    return flash(reply, 'Stock saved.').redirect(`/admin/shop/products/${id}`, 303)
  })

  // ---- categories -----------------------------------------------------------

  const renderCategories = async (req: FastifyRequest, reply: FastifyReply, form: FormState, editing?: { id: number; form: FormState }, status?: number) => {
    return render(req, reply, <CategoriesPage categories={await q.listCategories(deps.db)} form={form} editing={editing} />, status)
  }

  app.get('/admin/shop/categories', { config: shop }, async (req, reply) => renderCategories(req, reply, emptyForm()))

  app.post('/admin/shop/categories', { config: shop, preHandler: app.csrfProtection }, async (req, reply) => {
    const parsed = parseForm(CategoryFields, req.body)
    if (!parsed.ok) return renderCategories(req, reply, parsed.state, undefined, 422)
    const outcome = await saveCategory(deps, { input: parsed.value, actorUserId: actorId(req) })
    if (outcome.kind === 'saved') return flash(reply, 'Category added.').redirect('/admin/shop/categories', 303)
    if (outcome.kind === 'not-found') throw new NotFound()
    return renderCategories(req, reply, { values: parsed.state.values, errors: outcome.errors }, undefined, 422)
  })

  app.post('/admin/shop/categories/:id', { config: shop, preHandler: app.csrfProtection }, async (req, reply) => {
    const { id } = params(ProductParams, req.params)
    const parsed = parseForm(CategoryFields, req.body)
    if (!parsed.ok) return renderCategories(req, reply, emptyForm(), { id, form: parsed.state }, 422)
    const outcome = await saveCategory(deps, { id, input: parsed.value, actorUserId: actorId(req) })
    if (outcome.kind === 'saved') return flash(reply, 'Category saved.').redirect('/admin/shop/categories', 303)
    if (outcome.kind === 'not-found') throw new NotFound()
    return renderCategories(req, reply, emptyForm(), { id, form: { values: parsed.state.values, errors: outcome.errors } }, 422)
  })
}
