import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, PostButton, RadioGroup } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'
import { countryName, countryOptions } from '../countries.js'
import { formatMoney } from '../money.js'
import { bandsText } from '../shipping-admin.js'
import type { RateRow, ZoneWithCountries } from '../queries/shipping-admin.js'
import { AdminShopNav } from './AdminShopNav.js'

/** A labelled select of every ISO country; `multiple` picks several (works without JavaScript). */
export function CountrySelect({ form, name, label, multiple, hint, required }: { form: FormState; name: string; label: string; multiple?: boolean; hint?: string; required?: boolean }) {
  const id = `f-${name}`
  const error = form.errors[name]
  const chosen = new Set((form.values[name] ?? '').split(',').filter(Boolean))
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}{required ? <span class="required" aria-hidden="true"> *</span> : null}</label>
      {hint ? <p class="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <select id={id} name={name} multiple={multiple} size={multiple ? 12 : undefined} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} required={required} class={multiple ? 'country-multi' : undefined}>
        {multiple ? null : <option value="">Choose a country</option>}
        {countryOptions().map((c) => <option value={c.code} selected={chosen.has(c.code)}>{c.name} ({c.code})</option>)}
      </select>
      {error ? <p class="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  )
}

function Check({ form, name, label }: { form: FormState; name: string; label: string }) {
  const error = form.errors[name]
  return (
    <div class={`field field--check${error ? ' field--error' : ''}`}>
      <input type="checkbox" id={`f-${name}`} name={name} value="1" checked={form.values[name] === '1'} aria-describedby={error ? `f-${name}-error` : undefined} />
      <label for={`f-${name}`}>{label}</label>
      {error ? <p class="field__error" id={`f-${name}-error`}>{error}</p> : null}
    </div>
  )
}

function ZoneFormFields({ form }: { form: FormState }) {
  return (
    <>
      <Field form={form} name="name" label="Name" required maxLength={80} />
      <CountrySelect form={form} name="countries" label="Countries" multiple hint="Hold Ctrl (or ⌘) to choose several. A country belongs to one zone." />
      <Check form={form} name="rest_of_world" label="Rest of world: this zone serves every country no other zone names" />
      <Check form={form} name="cod_allowed" label="Cash on delivery is offered in this zone" />
      <Field form={form} name="position" label="Position" type="number" hint="Zones are listed from the lowest number." />
    </>
  )
}

export function rateSummary(r: RateRow, currency: string): string {
  const price = r.kind === 'flat' ? formatMoney(r.price_cents, currency) : `by weight (${bandsText(r.bands, currency).split('\n').join('; ')})`
  return `${price}${r.free_over_cents !== null ? `, free over ${formatMoney(r.free_over_cents, currency)}` : ''}; ${r.min_days}–${r.max_days} days`
}

export function ShippingPage({ zones, rates, currency, form }: { zones: ZoneWithCountries[]; rates: RateRow[]; currency: string; form: FormState }) {
  const hasWorld = zones.some((z) => z.rest_of_world)
  return (
    <Layout meta={{ title: 'Shipping zones', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/shop/orders">Shop</a></p>
      <h1>Shipping zones and rates</h1>
      <AdminShopNav />
      {hasWorld ? null : <p class="shop-warning" role="note">No rest-of-world zone: shoppers in countries no zone names cannot check out.</p>}
      {zones.length === 0 ? <p class="mod-empty">No zones yet.</p> : (
        <div class="table-wrap"><table class="admin-table">
          <caption class="visually-hidden">Shipping zones</caption>
          <thead><tr><th scope="col">Zone</th><th scope="col">Countries</th><th scope="col">Rates</th><th scope="col">Cash on delivery</th></tr></thead>
          <tbody>
            {zones.map((z) => (
              <tr>
                <th scope="row"><a href={`/admin/shop/shipping/zones/${z.id}`}>{z.name}</a></th>
                <td>{z.rest_of_world ? <strong>Rest of world{z.countries.length ? ', and ' : ''}</strong> : null}{z.countries.map(countryName).join(', ')}</td>
                <td>
                  <ul class="plain-list">
                    {rates.filter((r) => r.zone_id === z.id).map((r) => <li>{r.name}: {rateSummary(r, currency)}{r.active ? '' : ' (inactive)'}</li>)}
                  </ul>
                </td>
                <td>{z.cod_allowed ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <h2 id="new-zone">Add a zone</h2>
      <form method="post" action="/admin/shop/shipping/zones" class="shop-admin-form" aria-labelledby="new-zone">
        <FormErrors form={form} title="The zone was not added." />
        <ZoneFormFields form={form} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Add zone</button></p>
      </form>
    </Layout>
  )
}

export function ZonePage({ zone, rates, currency, form }: { zone: ZoneWithCountries; rates: RateRow[]; currency: string; form: FormState }) {
  return (
    <Layout meta={{ title: `Zone ${zone.name}`, noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/shop/shipping">Shipping zones</a></p>
      <h1>Zone {zone.name}</h1>
      <AdminShopNav />
      <h2 id="rates-h">Rates</h2>
      {rates.length === 0 ? <p class="mod-empty">No rates yet: shoppers in this zone cannot check out until it has one.</p> : (
        <ul class="plain-list" aria-labelledby="rates-h">
          {rates.map((r) => <li><a href={`/admin/shop/shipping/rates/${r.id}`}>{r.name}</a>: {rateSummary(r, currency)}{r.active ? '' : ' (inactive)'}</li>)}
        </ul>
      )}
      <p><a class="btn btn--secondary" href={`/admin/shop/shipping/zones/${zone.id}/rates/new`}>Add a rate</a></p>
      <h2 id="edit-zone">Edit the zone</h2>
      <form method="post" action={`/admin/shop/shipping/zones/${zone.id}`} class="shop-admin-form" aria-labelledby="edit-zone">
        <FormErrors form={form} title="The zone was not saved." />
        <ZoneFormFields form={form} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save zone</button></p>
      </form>
      <PostButton action={`/admin/shop/shipping/zones/${zone.id}/delete`} variant="danger">Delete this zone and its rates</PostButton>
    </Layout>
  )
}

export function NewRatePage({ zone, currency, form }: { zone: ZoneWithCountries; currency: string; form: FormState }) {
  return (
    <Layout meta={{ title: `New rate for ${zone.name}`, noindex: true }}>
      <p class="eyebrow"><a href={`/admin/shop/shipping/zones/${zone.id}`}>Zone {zone.name}</a></p>
      <h1>New rate for {zone.name}</h1>
      <AdminShopNav />
      <form method="post" action={`/admin/shop/shipping/zones/${zone.id}/rates`} class="shop-admin-form">
        <FormErrors form={form} title="The rate was not added." />
        <RateFormFields form={form} currency={currency} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Add rate</button> <a href={`/admin/shop/shipping/zones/${zone.id}`}>Cancel</a></p>
      </form>
    </Layout>
  )
}

function RateFormFields({ form, currency }: { form: FormState; currency: string }) {
  return (
    <>
      <Field form={form} name="name" label="Name" required maxLength={80} hint="Shoppers see it at checkout, like Standard or Express." />
      <RadioGroup form={form} name="kind" legend="Price" value="flat" options={[{ value: 'flat', label: 'One flat price' }, { value: 'weight', label: 'By the parcel’s weight' }]} />
      <Field form={form} name="price" label={`Flat price (${currency})`} hint="For a flat price; 0 ships free." />
      <Field form={form} name="bands" label="Weight bands" multiline rows={4} hint="For a price by weight: one band a line, “up to grams: price”, lightest first, like 500: 4.90. A heavier parcel cannot ship by this rate." />
      <Field form={form} name="free_over" label={`Free when the subtotal reaches (${currency})`} hint="Leave empty for never." />
      <Field form={form} name="min_days" label="Fastest delivery (days)" type="number" required />
      <Field form={form} name="max_days" label="Slowest delivery (days)" type="number" required />
      <Check form={form} name="active" label="Offered at checkout" />
      <Field form={form} name="position" label="Position" type="number" />
    </>
  )
}

export function RatePage({ rate, zone, currency, form }: { rate: RateRow; zone: ZoneWithCountries; currency: string; form: FormState }) {
  return (
    <Layout meta={{ title: `Rate ${rate.name}`, noindex: true }}>
      <p class="eyebrow"><a href={`/admin/shop/shipping/zones/${zone.id}`}>Zone {zone.name}</a></p>
      <h1>Rate {rate.name}</h1>
      <AdminShopNav />
      <form method="post" action={`/admin/shop/shipping/rates/${rate.id}`} class="shop-admin-form">
        <FormErrors form={form} title="The rate was not saved." />
        <RateFormFields form={form} currency={currency} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save rate</button> <a href={`/admin/shop/shipping/zones/${zone.id}`}>Cancel</a></p>
      </form>
      <PostButton action={`/admin/shop/shipping/rates/${rate.id}/delete`} variant="danger">Delete this rate</PostButton>
    </Layout>
  )
}
