import { Layout } from '../../views/layout.js'
import type { ArticleSummary } from '../queries.js'
import { DateTime } from './parts.js'

/** A 404 that helps: what happened, the latest posts, the categories, the way home. */
export function NotFoundPage({ latest, categories }: { latest: ArticleSummary[]; categories: { slug: string; name: string }[] }) {
  return (
    <Layout meta={{ title: 'Page not found', noindex: true }}>
      <section class="error-page not-found">
        <p class="eyebrow">Error 404</p>
        <h1>We could not find that page</h1>
        <p class="lead">The address may be mistyped, or the page may have moved or been taken down.</p>
        {latest.length ? (
          <>
            <h2>Latest articles</h2>
            <ul class="link-list">
              {latest.map((a) => (
                <li><a href={`/${a.slug}`}>{a.title}</a> {a.publishedAt ? <span class="meta">· <DateTime iso={a.publishedAt} /></span> : null}</li>
              ))}
            </ul>
          </>
        ) : null}
        {categories.length ? (
          <>
            <h2>Browse by topic</h2>
            <ul class="chip-list">
              {categories.map((c) => <li><a class="chip" href={`/category/${c.slug}`}>{c.name}</a></li>)}
            </ul>
          </>
        ) : null}
        <p><a class="btn btn--secondary" href="/">Go to the home page</a></p>
      </section>
    </Layout>
  )
}
