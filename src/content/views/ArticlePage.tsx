import type { ComponentChildren } from 'preact'
import { Layout, type PageMeta } from '../../views/layout.js'
import { RawHtml, trustSanitized } from '../../views/html.js'
import { formatDateTime } from '../../views/format.js'
import type { CitedStudy } from '../markdown.js'
import type { ListedArticle, ReaderArticle } from '../reading.js'
import { ArticleCard, CalendarDate, DateTime, Picture, References, commentCountLabel, joinNodes } from './parts.js'

export interface ArticleView {
  article: ReaderArticle
  categories: { slug: string; name: string }[]
  tags: { slug: string; name: string }[]
  citations: CitedStudy[]
  earlier: ListedArticle[]
  commentCount: number
  /** Set when staff look at a draft or a post not yet due. */
  preview: null | { status: 'draft' | 'scheduled' | 'published'; publishedAt: string | null }
  meta: PageMeta
  /** The comments section, rendered by the discussion module. */
  comments: ComponentChildren
}

/** An article (kind post) or a static page (kind page: no dates, no comments). */
export function ArticlePage(v: ArticleView) {
  const { article } = v
  const isPost = article.kind === 'post'
  return (
    <Layout meta={v.meta}>
      {v.preview ? <PreviewBanner id={article.id} {...v.preview} /> : null}
      <article class={`article article--${article.kind}`}>
        {article.featured ? (
          <figure class="article__featured">
            <Picture media={article.featured} alt={article.featured.alt} sizes="(min-width: 44rem) 42rem, 100vw" eager />
          </figure>
        ) : null}
        <header class="article__header">
          {isPost && v.categories.length ? (
            <p class="eyebrow article__cats">{joinNodes(v.categories.map((c) => <a href={`/category/${c.slug}`}>{c.name}</a>), ' · ')}</p>
          ) : null}
          <h1 class="article__title">{article.title}</h1>
          {isPost ? (
            <p class="meta article__meta">
              {article.publishedAt ? <>Posted on <DateTime iso={article.publishedAt} /></> : <>Not published yet</>}
              {' '}by <a href={`/author/${article.authorSlug}`} rel="author">{article.authorName}</a>
              {' · '}<a href="#comments" class="article__comment-count">{commentCountLabel(v.commentCount)}</a>
              {article.publishedAt && daysBetween(article.publishedAt, article.updatedAt) >= 1 ? (
                <> · Updated <DateTime iso={article.updatedAt} /></>
              ) : null}
            </p>
          ) : null}
          {article.reviewedBy && article.reviewedAt ? (
            <p class="article__review">
              <span><span class="article__review-mark" aria-hidden="true">✓</span> Medically reviewed by <strong>{article.reviewedBy}</strong></span>
              <span><span aria-hidden="true">· </span>Last reviewed on <CalendarDate iso={article.reviewedAt} /></span>
            </p>
          ) : null}
        </header>
        <RawHtml class="article__body prose" html={trustSanitized(article.bodyHtml)} />
        <References citations={v.citations} />
        {v.tags.length ? (
          <p class="article__tags">
            <span class="article__tags-label">Tags:</span>{' '}
            {v.tags.map((t) => <a class="tag" href={`/tag/${t.slug}`} rel="tag">{t.name}</a>)}
          </p>
        ) : null}
      </article>
      {v.earlier.length ? (
        <section class="earlier" aria-labelledby="earlier-heading">
          <h2 id="earlier-heading">Earlier in {v.categories.map((c) => c.name).join(' and ')}</h2>
          <div class="earlier__list">
            {v.earlier.map((a) => <ArticleCard article={a} headingLevel={3} compact />)}
          </div>
        </section>
      ) : null}
      {isPost ? v.comments : null}
    </Layout>
  )
}

function PreviewBanner({ id, status, publishedAt }: { id: number; status: string; publishedAt: string | null }) {
  return (
    <div class="notice preview-banner" role="status">
      <strong>Draft preview.</strong>{' '}
      {status === 'scheduled' && publishedAt
        ? <>Scheduled for {formatDateTime(publishedAt)}; readers cannot see it until then.</>
        : <>Readers cannot see this page until it is published.</>}{' '}
      <a href={`/admin/articles/${id}/edit`}>Edit it</a>
    </div>
  )
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000
}
