import { useView } from '../../views/context.js'

// The shop's staff pages as tabs under the staff bar (which links only
// Orders and Products). Settings is the admin's alone.
const TABS = [
  { href: '/admin/shop/orders', label: 'Orders' },
  { href: '/admin/shop/products', label: 'Products' },
  { href: '/admin/shop/shipping', label: 'Shipping' },
  { href: '/admin/shop/taxes', label: 'Taxes' },
  { href: '/admin/shop/rules', label: 'Country rules' },
  { href: '/admin/shop/settings', label: 'Settings', admin: true },
]

export function AdminShopNav() {
  const v = useView()
  const isAdmin = v.access.admin
  return (
    <nav class="shop-tabs" aria-label="Shop">
      <ul>
        {TABS.filter((t) => !t.admin || isAdmin).map((t) => {
          const here = v.path === t.href || v.path.startsWith(`${t.href}/`)
          return <li><a href={t.href} aria-current={here ? 'page' : undefined}>{t.label}</a></li>
        })}
      </ul>
    </nav>
  )
}
