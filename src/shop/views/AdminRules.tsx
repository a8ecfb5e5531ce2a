import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, PostButton, RadioGroup } from '../../views/components.js'
import { formatCalendarDate } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import { countryName, countryOptions } from '../countries.js'
import type { CountryRule } from '../rules.js'
import { classStatus, PRODUCT_CLASSES } from '../shipping-admin.js'
import type { RuleWithProduct } from '../queries/shipping-admin.js'
import type { ProductClass } from '../tables.js'
import { AdminShopNav } from './AdminShopNav.js'
import { CountrySelect } from './AdminShipping.js'

type Product = { id: number; name: string; product_class: ProductClass }

export function RuleFormFields({ form, products }: { form: FormState; products: Product[] }) {
  const id = 'f-target'
  const error = form.errors.target
  return (
    <>
      <div class={`field${error ? ' field--error' : ''}`}>
        <label for={id}>Applies to<span class="required" aria-hidden="true"> *</span></label>
        <select id={id} name="target" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
          <optgroup label="A whole product class">
            {PRODUCT_CLASSES.map((c) => <option value={`class:${c.value}`} selected={form.values.target === `class:${c.value}`}>{c.label}</option>)}
          </optgroup>
          {products.length ? (
            <optgroup label="One product (overrides its class)">
              {products.map((p) => <option value={`product:${p.id}`} selected={form.values.target === `product:${p.id}`}>{p.name}</option>)}
            </optgroup>
          ) : null}
        </select>
        {error ? <p class="field__error" id={`${id}-error`}>{error}</p> : null}
      </div>
      <CountrySelect form={form} name="country" label="Country" required />
      <RadioGroup form={form} name="rule" legend="Rule" required value="allowed" options={[
        { value: 'allowed', label: 'Allowed' }, { value: 'blocked', label: 'Blocked' }, { value: 'capped', label: 'Capped per order' },
      ]} />
      <Field form={form} name="max_months" label="Cap: most months of supply" type="number" hint="For a cap on medicines: months of treatment across the order's units." />
      <Field form={form} name="max_quantity" label="Cap: most units" type="number" />
      <Field form={form} name="reason" label="Reason shown to shoppers" multiline rows={2} maxLength={500} hint="Required for a block; shoppers read it on the product page and in the cart before they pay." />
      <Field form={form} name="source" label="Source (staff only)" maxLength={500} hint="Where the rule comes from: a regulator's page, advice received." />
      <Field form={form} name="reviewed_on" label="Reviewed on" type="date" />
    </>
  )
}

const CLASSES = PRODUCT_CLASSES.map((c) => c.value)

export function RulesPage({ rules, asRules, products, form, all }: { rules: RuleWithProduct[]; asRules: CountryRule[]; products: Product[]; form: FormState; all: boolean }) {
  const withRules = new Set(rules.map((r) => r.country))
  const countries = countryOptions().filter((c) => all || withRules.has(c.code))
  const overrides = rules.filter((r) => r.product_id !== null)
  return (
    <Layout meta={{ title: 'Country rules', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/shop/orders">Shop</a></p>
      <h1>Country rules</h1>
      <AdminShopNav />
      <p>Medicines are blocked in every country staff have not reviewed. Devices and accessories ship anywhere a zone serves unless a rule says otherwise. A rule for one product overrides its class.</p>
      <h2 id="by-country">By country</h2>
      <p>{all ? <a href="/admin/shop/rules">Show only countries with rules</a> : <a href="/admin/shop/rules?all=1">Show every country</a>}</p>
      {countries.length === 0 ? <p class="mod-empty">No rules yet: medicines are blocked everywhere.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="by-country"><table class="admin-table shop-rules">
          <caption class="visually-hidden">What each product class may do, per country</caption>
          <thead><tr><th scope="col">Country</th>{PRODUCT_CLASSES.map((c) => <th scope="col">{c.label}</th>)}</tr></thead>
          <tbody>
            {countries.map((c) => (
              <tr>
                <th scope="row">{c.name} ({c.code})</th>
                {CLASSES.map((k) => {
                  const s = classStatus(asRules, k, c.code)
                  return <td><span class={`rule-status rule-status--${s.tone}`}>{s.label}</span>{s.reason ? <><br /><span class="muted">{s.reason}</span></> : null}</td>
                })}
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <h2 id="all-rules">Every rule</h2>
      {rules.length === 0 ? <p class="mod-empty">None yet.</p> : (
        <div class="table-wrap"><table class="admin-table">
          <caption class="visually-hidden">Every country rule, with its source and review date</caption>
          <thead><tr><th scope="col">Applies to</th><th scope="col">Country</th><th scope="col">Rule</th><th scope="col">Source</th><th scope="col">Reviewed</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {rules.map((r) => (
              <tr>
                <th scope="row"><a href={`/admin/shop/rules/${r.id}`}>{r.productName ?? PRODUCT_CLASSES.find((c) => c.value === r.product_class)?.label}</a>{r.product_id !== null ? <span class="muted"> (product)</span> : null}</th>
                <td>{countryName(r.country)}</td>
                <td>{r.rule}{r.max_months !== null ? `, ≤ ${r.max_months} months` : ''}{r.max_quantity !== null ? `, ≤ ${r.max_quantity} units` : ''}{r.reason ? <><br /><span class="muted">{r.reason}</span></> : null}</td>
                <td>{r.source}</td>
                <td>{r.reviewed_at ? formatCalendarDate(r.reviewed_at) : 'Not recorded'}</td>
                <td><PostButton action={`/admin/shop/rules/${r.id}/delete`} variant="link">Delete <span class="visually-hidden">this rule</span></PostButton></td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      {overrides.length ? <p class="muted">{overrides.length === 1 ? '1 rule names' : `${overrides.length} rules name`} a single product.</p> : null}
      <h2 id="set-rule">Set a rule</h2>
      <form method="post" action="/admin/shop/rules" class="shop-admin-form" aria-labelledby="set-rule">
        <FormErrors form={form} title="The rule was not saved." />
        <RuleFormFields form={form} products={products} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save rule</button></p>
      </form>
    </Layout>
  )
}

export function RulePage({ id, title, form, products }: { id: number; title: string; form: FormState; products: Product[] }) {
  return (
    <Layout meta={{ title: `Rule: ${title}`, noindex: true }}>
      <p class="eyebrow"><a href="/admin/shop/rules">Country rules</a></p>
      <h1>Rule: {title}</h1>
      <AdminShopNav />
      <form method="post" action={`/admin/shop/rules/${id}`} class="shop-admin-form">
        <FormErrors form={form} title="The rule was not saved." />
        <RuleFormFields form={form} products={products} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save rule</button> <a href="/admin/shop/rules">Cancel</a></p>
      </form>
      <PostButton action={`/admin/shop/rules/${id}/delete`} variant="danger">Delete this rule</PostButton>
    </Layout>
  )
}

export const ruleTitle = (r: RuleWithProduct | { product_class: ProductClass | null; country: string; productName?: string | null }) =>
  `${r.productName ?? PRODUCT_CLASSES.find((c) => c.value === r.product_class)?.label ?? 'Product'} → ${countryName(r.country)}`
