import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'
import { AdminShopNav } from './AdminShopNav.js'

export function ShopSettingsPage({ form, currencyLocked }: { form: FormState; currencyLocked: boolean }) {
  return (
    <Layout meta={{ title: 'Shop settings', noindex: true }}>
      <p class="eyebrow"><a href="/admin/shop/orders">Shop</a></p>
      <h1>Shop settings</h1>
      <AdminShopNav />
      <form method="post" action="/admin/shop/settings" class="shop-admin-form">
        <FormErrors form={form} title="The settings were not saved." />
        <Field form={form} name="currency" label="Currency" required maxLength={3}
          hint={currencyLocked ? 'Orders exist in this currency, so it can no longer change.' : 'An ISO 4217 code, like EUR. Every price is in it; it is fixed once the first order is placed.'} />
        <div class="field field--check">
          <input type="checkbox" id="f-prices_include_tax" name="prices_include_tax" value="1" checked={form.values.prices_include_tax === '1'} />
          <label for="f-prices_include_tax">Prices are entered with tax included</label>
        </div>
        <Field form={form} name="hold_minutes" label="Hold unpaid orders’ stock for (minutes)" type="number" required hint="At least 5. An unpaid order gives its items back after this long." />
        <Field form={form} name="bank_details" label="Bank transfer details" multiline rows={4} maxLength={2000} hint="Shown on the confirmation page and in the mail to buyers who pay by bank transfer." />
        <Field form={form} name="low_stock_email" label="Low-stock mail address" type="email" maxLength={200} hint="Leave empty to mail every admin and shop manager." />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save settings</button></p>
      </form>
    </Layout>
  )
}
