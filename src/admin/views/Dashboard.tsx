import { Layout } from '../../views/layout.js'
import { useView } from '../../views/context.js'
import { hasRole } from '../../accounts/index.js'
import type { DashboardSummary } from '../summary.js'

export function Dashboard({ summary }: { summary: DashboardSummary }) {
  const v = useView()
  const canPublish = hasRole(v.actor, 'admin', 'editor')
  return (
    <Layout meta={{ title: 'Dashboard', noindex: true }} wide>
      <h1>Dashboard</h1>
      <ul class="stat-grid">
        <li class="stat"><span class="stat__n">{summary.published}</span> published articles</li>
        <li class="stat"><span class="stat__n">{summary.drafts}</span> drafts</li>
        <li class="stat"><span class="stat__n">{summary.scheduled}</span> scheduled</li>
        <li class="stat"><a href="/admin/comments"><span class="stat__n">{summary.pendingComments}</span> comments awaiting moderation</a></li>
        <li class="stat"><span class="stat__n">{summary.approvedComments}</span> approved comments</li>
      </ul>
      {v.access.shop ? (
        <section class="dashboard-shop" aria-labelledby="dash-shop">
          <h2 id="dash-shop">Shop</h2>
          <ul class="stat-grid">
            <li class="stat"><a href="/admin/shop/orders?status=paid"><span class="stat__n">{summary.shop.toShip}</span> paid orders to ship</a></li>
            <li class="stat"><a href="/admin/shop/orders?status=pending_payment"><span class="stat__n">{summary.shop.awaitingPayment}</span> awaiting payment</a></li>
            <li class="stat"><a href="/admin/shop/products"><span class="stat__n">{summary.shop.lowStock}</span> variants low on stock</a></li>
          </ul>
        </section>
      ) : null}
      <p class="actions">
        {canPublish ? <a class="btn btn--primary" href="/admin/articles/new">Write an article</a> : null}
        <a class="btn btn--secondary" href="/admin/comments">Moderate comments</a>
        {hasRole(v.actor, 'admin') ? <a class="btn btn--secondary" href="/admin/staff">Manage staff</a> : null}
        <a href="/account/password">Change your password</a>
      </p>
    </Layout>
  )
}
