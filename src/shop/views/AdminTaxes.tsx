import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, PostButton } from '../../views/components.js'
import { formatDate } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import { countryName } from '../countries.js'
import { formatRate } from '../money.js'
import type { TaxRow } from '../queries/shipping-admin.js'
import { AdminShopNav } from './AdminShopNav.js'
import { CountrySelect } from './AdminShipping.js'

export function TaxesPage({ rates, form, pricesIncludeTax }: { rates: TaxRow[]; form: FormState; pricesIncludeTax: boolean }) {
  return (
    <Layout meta={{ title: 'Tax rates', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/shop/orders">Shop</a></p>
      <h1>Tax rates</h1>
      <AdminShopNav />
      <p>Prices are entered {pricesIncludeTax ? 'with tax included' : 'without tax'} (a store setting). A country with no rate here is charged no tax.</p>
      {rates.length === 0 ? <p class="mod-empty">No tax rates yet.</p> : (
        <div class="table-wrap"><table class="admin-table">
          <caption class="visually-hidden">Tax rates by destination country</caption>
          <thead><tr><th scope="col">Country</th><th scope="col">Tax</th><th scope="col">Rate</th><th scope="col">On shipping</th><th scope="col">Changed</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {rates.map((r) => (
              <tr>
                <th scope="row">{countryName(r.country)} ({r.country})</th>
                <td>{r.name}</td>
                <td>{formatRate(r.rate_bp)}</td>
                <td>{r.applies_to_shipping ? 'Yes' : 'No'}</td>
                <td>{formatDate(r.updated_at)}</td>
                <td><PostButton action={`/admin/shop/taxes/${r.country}/delete`} variant="link">Remove <span class="visually-hidden">{countryName(r.country)}</span></PostButton></td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <h2 id="set-tax">Set a country’s rate</h2>
      <form method="post" action="/admin/shop/taxes" class="shop-admin-form" aria-labelledby="set-tax">
        <FormErrors form={form} title="The rate was not saved." />
        <CountrySelect form={form} name="country" label="Country" required hint="Setting a country that has a rate replaces it." />
        <Field form={form} name="name" label="Name" required maxLength={40} hint="As the invoice shows it: VAT, GST, MwSt." />
        <Field form={form} name="rate" label="Rate (%)" required hint="Up to 2 decimals, like 19 or 7.5." />
        <div class="field field--check">
          <input type="checkbox" id="f-applies_to_shipping" name="applies_to_shipping" value="1" checked={form.values.applies_to_shipping === '1'} />
          <label for="f-applies_to_shipping">Charge it on shipping too</label>
        </div>
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save rate</button></p>
      </form>
    </Layout>
  )
}
