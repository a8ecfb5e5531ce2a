import type { ComponentChildren } from 'preact'
import { Layout, type PageMeta } from '../../views/layout.js'
import { RawHtml, html, outOfLine, templateNode, trustSanitized, type OutOfLinePiece } from '../../views/html.js'
import { formatDateTime } from '../../views/format.js'
import type { CitedStudy } from '../markdown.js'
import type { ListedArticle, ReaderArticle } from '../reading.js'
import { ArticleCard, CalendarDate, DateTime, Picture, References, joinNodes } from './parts.js'

export interface ArticleSectionView {
  article: ReaderArticle
  categories: { slug: string; name: string }[]
  tags: { slug: string; name: string }[]
  citations: CitedStudy[]
  earlier: ListedArticle[]
  /** "12 Comments": text, or a marker the kept section fills per view (content/kept-sections.ts). */
  commentCountLabel: string
}

/**
 * An article's own part of its page: the article (picture, header, body,
 * references, tags) and the posts earlier in its categories. It shows nothing
 * of the reader, so it is made once and kept between views; the comment
 * count and the shop's product cards (placeholders in the body) are filled
 * per view.
 */
export function ArticleSection(v: ArticleSectionView) {
  const { article } = v
  const isPost = article.kind === 'post'
  return (
    <>
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
              {' · '}<a href="#comments" class="article__comment-count">{v.commentCountLabel}</a>
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
    </>
  )
}

export interface ArticleView {
  meta: PageMeta
  /** The article's own section (ArticleSection), filled for this view. */
  section: OutOfLinePiece[]
  isPost: boolean
  /** Set when staff look at a draft or a post not yet due. */
  preview: null | { id: number; status: 'draft' | 'scheduled' | 'published'; publishedAt: string | null }
  /** The comments section, rendered by the discussion module. */
  comments: ComponentChildren
}

/** An article (kind post) or a static page (kind page: no dates, no comments). */
export function ArticlePage(v: ArticleView) {
  return (
    <Layout meta={v.meta}>
      {v.preview ? <PreviewBanner {...v.preview} /> : null}
      {templateNode(html`${outOfLine(v.section)}`)}
      {v.isPost ? v.comments : null}
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
