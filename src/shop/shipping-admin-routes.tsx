import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { flash } from '../http/flash.js'
import { Forbidden, NotFound } from '../http/errors.js'
import { emptyForm, parseForm, type FormState } from '../http/forms.js'
import { ROLES } from '../accounts/index.js'
import { countryName } from './countries.js'
import { readShopSettings } from './queries/pricing.js'
import { hasOrders } from './queries/order-admin.js'
import { findRate, findRule, findZone, listRates, listTaxRates, listZones, productChoices, type ZoneWithCountries } from './queries/shipping-admin.js'
import {
  addRate, CountryParam, createZone, deleteCountryRule, deleteRate, deleteZone, IdParam, rateFields, rateFormValues, removeTaxRate, RuleFields,
  ruleFormValues, rulesOverview, saveShopSettings, setCountryRule, setTaxRate, SettingsFields, settingsFormValues, TaxFields, updateRate, updateZone, ZoneFields,
} from './shipping-admin.js'
import { NewRatePage, RatePage, ShippingPage, ZonePage } from './views/AdminShipping.js'
import { TaxesPage } from './views/AdminTaxes.js'
import { RulePage, RulesPage, ruleTitle } from './views/AdminRules.js'
import { ShopSettingsPage } from './views/AdminSettings.js'

// /admin/shop/shipping, /taxes, /rules (admin and shop manager) and
// /settings (admin only): where the shop ships, for how much, with what tax,
// and what may go where.
export function shippingAdminRoutes(app: FastifyInstance, deps: Deps) {
  const shop = { config: { roles: ROLES.shop } }
  const adminOnly = { config: { roles: ROLES.admin } }
  const post = { ...shop, preHandler: app.csrfProtection }
  const staff = (req: FastifyRequest) => {
    if (req.actor.kind !== 'user') throw new Forbidden()
    return req.actor
  }
  const idOf = (req: FastifyRequest) => {
    const p = IdParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    return p.data.id
  }
  const zoneOf = async (req: FastifyRequest): Promise<ZoneWithCountries> => {
    const zone = await findZone(deps.db, idOf(req))
    if (!zone) throw new NotFound()
    return zone
  }
  const currency = async () => (await readShopSettings(deps.db)).currency
  const zoneForm = (z: ZoneWithCountries): FormState => emptyForm({
    name: z.name, countries: z.countries.join(','), position: String(z.position),
    ...(z.rest_of_world ? { rest_of_world: '1' } : {}), ...(z.cod_allowed ? { cod_allowed: '1' } : {}),
  })
  const newRateForm = () => emptyForm({ kind: 'flat', min_days: '2', max_days: '5', active: '1' })

  // ——— zones and rates ———

  const shippingPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) => {
    const [zones, rates, cur] = await Promise.all([listZones(deps.db), listRates(deps.db), currency()])
    return render(req, reply, <ShippingPage zones={zones} rates={rates} currency={cur} form={form} />, status)
  }
  const zonePage = async (req: FastifyRequest, reply: FastifyReply, zone: ZoneWithCountries, form?: FormState, status?: number) => {
    const [rates, cur] = await Promise.all([listRates(deps.db, zone.id), currency()])
    return render(req, reply, <ZonePage zone={zone} rates={rates} currency={cur} form={form ?? zoneForm(zone)} />, status)
  }
  const newRatePage = async (req: FastifyRequest, reply: FastifyReply, zone: ZoneWithCountries, form: FormState, status?: number) =>
    render(req, reply, <NewRatePage zone={zone} currency={await currency()} form={form} />, status)

  app.get('/admin/shop/shipping', shop, async (req, reply) => shippingPage(req, reply, emptyForm()))

  app.post('/admin/shop/shipping/zones', post, async (req, reply) => {
    const form = parseForm(ZoneFields, req.body)
    if (!form.ok) return shippingPage(req, reply, form.state, 422)
    const result = await createZone(deps, staff(req), form.value)
    switch (result.kind) {
      case 'invalid': return shippingPage(req, reply, { values: form.state.values, errors: result.errors }, 422)
      case 'not-found': throw new NotFound()
      case 'saved': return flash(reply, `The zone “${form.value.name}” is added. Give it a rate next.`).redirect(`/admin/shop/shipping/zones/${result.id}`, 303)
    }
  })

  app.get('/admin/shop/shipping/zones/:id', shop, async (req, reply) => zonePage(req, reply, await zoneOf(req)))

  app.post('/admin/shop/shipping/zones/:id', post, async (req, reply) => {
    const zone = await zoneOf(req)
    const form = parseForm(ZoneFields, req.body)
    if (!form.ok) return zonePage(req, reply, zone, form.state, 422)
    const result = await updateZone(deps, staff(req), zone.id, form.value)
    switch (result.kind) {
      case 'invalid': return zonePage(req, reply, zone, { values: form.state.values, errors: result.errors }, 422)
      case 'not-found': throw new NotFound()
      case 'saved': return flash(reply, `The zone “${form.value.name}” is saved.`).redirect('/admin/shop/shipping', 303)
    }
  })

  app.post('/admin/shop/shipping/zones/:id/delete', post, async (req, reply) => {
    const result = await deleteZone(deps, staff(req), idOf(req))
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `The zone “${result.name}” and its rates are deleted.`).redirect('/admin/shop/shipping', 303)
  })

  app.get('/admin/shop/shipping/zones/:id/rates/new', shop, async (req, reply) => newRatePage(req, reply, await zoneOf(req), newRateForm()))

  app.post('/admin/shop/shipping/zones/:id/rates', post, async (req, reply) => {
    const zone = await zoneOf(req)
    const form = parseForm(rateFields(await currency()), req.body)
    if (!form.ok) return newRatePage(req, reply, zone, form.state, 422)
    const result = await addRate(deps, staff(req), zone.id, form.value)
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `The rate “${form.value.name}” is added to ${zone.name}.`).redirect(`/admin/shop/shipping/zones/${zone.id}`, 303)
  })

  const rateOf = async (req: FastifyRequest) => {
    const rate = await findRate(deps.db, idOf(req))
    const zone = rate ? await findZone(deps.db, rate.zone_id) : undefined
    if (!rate || !zone) throw new NotFound()
    return { rate, zone }
  }

  app.get('/admin/shop/shipping/rates/:id', shop, async (req, reply) => {
    const { rate, zone } = await rateOf(req)
    const cur = await currency()
    return render(req, reply, <RatePage rate={rate} zone={zone} currency={cur} form={emptyForm(rateFormValues(rate, cur))} />)
  })

  app.post('/admin/shop/shipping/rates/:id', post, async (req, reply) => {
    const { rate, zone } = await rateOf(req)
    const cur = await currency()
    const form = parseForm(rateFields(cur), req.body)
    if (!form.ok) return render(req, reply, <RatePage rate={rate} zone={zone} currency={cur} form={form.state} />, 422)
    const result = await updateRate(deps, staff(req), rate.id, form.value)
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `The rate “${form.value.name}” is saved.`).redirect(`/admin/shop/shipping/zones/${result.zoneId}`, 303)
  })

  app.post('/admin/shop/shipping/rates/:id/delete', post, async (req, reply) => {
    const result = await deleteRate(deps, staff(req), idOf(req))
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `The rate “${result.name}” is deleted.`).redirect(`/admin/shop/shipping/zones/${result.zoneId}`, 303)
  })

  // ——— taxes ———

  const taxesPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) => {
    const [rates, settings] = await Promise.all([listTaxRates(deps.db), readShopSettings(deps.db)])
    return render(req, reply, <TaxesPage rates={rates} form={form} pricesIncludeTax={settings.pricesIncludeTax} />, status)
  }

  app.get('/admin/shop/taxes', shop, async (req, reply) => taxesPage(req, reply, emptyForm({ name: 'VAT', applies_to_shipping: '1' })))

  app.post('/admin/shop/taxes', post, async (req, reply) => {
    const form = parseForm(TaxFields, req.body)
    if (!form.ok) return taxesPage(req, reply, form.state, 422)
    const result = await setTaxRate(deps, staff(req), form.value)
    return flash(reply, `${countryName(form.value.country)}’s ${form.value.name} is ${result.created ? 'added' : 'updated'}.`).redirect('/admin/shop/taxes', 303)
  })

  app.post('/admin/shop/taxes/:country/delete', post, async (req, reply) => {
    const p = CountryParam.safeParse(req.params)
    if (!p.success) throw new NotFound()
    const result = await removeTaxRate(deps, staff(req), p.data.country)
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, `${countryName(p.data.country)}’s tax rate is removed.`).redirect('/admin/shop/taxes', 303)
  })

  // ——— country rules ———

  const AllQuery = z.object({ all: z.string().optional().catch(undefined) })
  const rulesPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) => {
    const data = await rulesOverview(deps)
    const all = AllQuery.parse(req.query ?? {}).all === '1'
    return render(req, reply, <RulesPage {...data} form={form} all={all} />, status)
  }
  const ruleMessage = (result: Awaited<ReturnType<typeof setCountryRule>>, form: FormState) => {
    switch (result.kind) {
      case 'no-product': return { values: form.values, errors: { target: 'That product no longer exists: choose another.' } }
      default: return null
    }
  }

  app.get('/admin/shop/rules', shop, async (req, reply) => rulesPage(req, reply, emptyForm({ target: 'class:medicine', rule: 'allowed' })))

  app.post('/admin/shop/rules', post, async (req, reply) => {
    const form = parseForm(RuleFields, req.body)
    if (!form.ok) return rulesPage(req, reply, form.state, 422)
    const result = await setCountryRule(deps, staff(req), form.value)
    const again = ruleMessage(result, form.state)
    if (again) return rulesPage(req, reply, again, 422)
    if (result.kind !== 'saved') throw new NotFound()
    return flash(reply, `The rule for ${countryName(form.value.country)} is ${result.created ? 'added' : 'updated'}.`).redirect('/admin/shop/rules', 303)
  })

  const ruleOf = async (req: FastifyRequest) => {
    const rule = await findRule(deps.db, idOf(req))
    if (!rule) throw new NotFound()
    const products = await productChoices(deps.db)
    return { rule, products, title: ruleTitle({ ...rule, productName: products.find((p) => p.id === rule.product_id)?.name ?? null }) }
  }

  app.get('/admin/shop/rules/:id', shop, async (req, reply) => {
    const { rule, products, title } = await ruleOf(req)
    return render(req, reply, <RulePage id={rule.id} title={title} form={emptyForm(ruleFormValues(rule))} products={products} />)
  })

  app.post('/admin/shop/rules/:id', post, async (req, reply) => {
    const { rule, products, title } = await ruleOf(req)
    const form = parseForm(RuleFields, req.body)
    const page = (state: FormState) => render(req, reply, <RulePage id={rule.id} title={title} form={state} products={products} />, 422)
    if (!form.ok) return page(form.state)
    const result = await setCountryRule(deps, staff(req), form.value, rule.id)
    const again = ruleMessage(result, form.state)
    if (again) return page(again)
    if (result.kind !== 'saved') throw new NotFound()
    return flash(reply, `The rule for ${countryName(form.value.country)} is saved.`).redirect('/admin/shop/rules', 303)
  })

  app.post('/admin/shop/rules/:id/delete', post, async (req, reply) => {
    const result = await deleteCountryRule(deps, staff(req), idOf(req))
    if (result.kind === 'not-found') throw new NotFound()
    return flash(reply, 'The rule is deleted.').redirect('/admin/shop/rules', 303)
  })

  // ——— store settings (admin only) ———

  const settingsPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status?: number) =>
    render(req, reply, <ShopSettingsPage form={form} currencyLocked={await hasOrders(deps.db)} />, status)

  app.get('/admin/shop/settings', adminOnly, async (req, reply) => settingsPage(req, reply, emptyForm(settingsFormValues(await readShopSettings(deps.db)))))

  app.post('/admin/shop/settings', { ...adminOnly, preHandler: app.csrfProtection }, async (req, reply) => {
    const form = parseForm(SettingsFields, req.body)
    if (!form.ok) return settingsPage(req, reply, form.state, 422)
    const result = await saveShopSettings(deps, staff(req), form.value)
    if (result.kind === 'currency-locked') {
      return settingsPage(req, reply, { values: form.state.values, errors: { currency: `Orders exist in ${result.currency}, so the currency can no longer change.` } }, 422)
    }
    return flash(reply, 'The shop settings are saved.').redirect('/admin/shop/settings', 303)
  })
}
