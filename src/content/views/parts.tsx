import type { ComponentChildren } from 'preact'
import { formatCalendarDate, formatDate } from '../../views/format.js'
import { pictureSources, type MediaInfo } from '../media-urls.js'
import type { CitedStudy } from '../markdown.js'
import type { ListedArticle } from '../reading.js'

/** A responsive image: WebP source, JPEG/PNG fallback, intrinsic size against layout shift. */
export function Picture({ media, alt, sizes, eager, class: cls }: { media: MediaInfo; alt: string; sizes: string; eager?: boolean; class?: string }) {
  const s = pictureSources(media)
  return (
    <picture class={cls}>
      <source type="image/webp" srcset={s.webpSrcset} sizes={sizes} />
      <img
        src={s.fallbackSrc} srcset={s.fallbackSrcset} sizes={sizes} width={s.width} height={s.height} alt={alt}
        loading={eager ? 'eager' : 'lazy'} decoding="async" {...(eager ? { fetchpriority: 'high' } : {})}
      />
    </picture>
  )
}

export function DateTime({ iso }: { iso: string }) {
  return <time datetime={iso}>{formatDate(iso)}</time>
}

/** A calendar day with no time of its own (a review date): the same day in every zone. */
export function CalendarDate({ iso }: { iso: string }) {
  return <time datetime={iso.slice(0, 10)}>{formatCalendarDate(iso)}</time>
}

export function commentCountLabel(n: number): string {
  if (n === 0) return 'No comments yet'
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'Comment' : 'Comments'}`
}

/** A post in a list: image, category, title, date, author, comment count, excerpt. */
export function ArticleCard({ article, headingLevel = 2, compact, eager }: { article: ListedArticle; headingLevel?: 2 | 3; compact?: boolean; eager?: boolean }) {
  const H = `h${headingLevel}` as 'h2'
  const href = `/${article.slug}`
  return (
    <article class={`post-card${compact ? ' post-card--compact' : ''}${article.featured ? ' post-card--with-image' : ''}`}>
      {article.featured ? (
        <a class="post-card__image" href={href} tabIndex={-1} aria-hidden="true">
          <Picture media={article.featured} alt="" eager={eager} sizes={compact ? '(min-width: 44rem) 10rem, 100vw' : '(min-width: 44rem) 14rem, 100vw'} />
        </a>
      ) : null}
      <div class="post-card__text">
        {article.categories.length ? (
          <p class="eyebrow post-card__cats">
            {joinNodes(article.categories.map((c) => <a href={`/category/${c.slug}`}>{c.name}</a>), ' · ')}
          </p>
        ) : null}
        <H class="post-card__title"><a href={href}>{article.title}</a></H>
        {article.publishedAt ? (
          <p class="meta post-card__meta">
            <DateTime iso={article.publishedAt} /> · {article.authorName}
            {compact ? null : <> · <a href={`${href}#comments`}>{commentCountLabel(article.commentCount)}</a></>}
          </p>
        ) : null}
        {!compact && article.excerpt ? <p class="post-card__excerpt">{article.excerpt}</p> : null}
      </div>
    </article>
  )
}

export function joinNodes(nodes: ComponentChildren[], sep: string): ComponentChildren[] {
  return nodes.flatMap((n, i) => (i === 0 ? [n] : [sep, n]))
}

const DESIGN_LABEL: Record<CitedStudy['design'], string> = { RCT: 'RCT', 'case series': 'Case series', survey: 'Survey', review: 'Review', other: 'Other design' }

/** The numbered reference list; each entry links back to where it is first cited. */
export function References({ citations }: { citations: CitedStudy[] }) {
  if (!citations.length) return null
  return (
    <section class="references" aria-labelledby="references-heading">
      <h2 id="references-heading">References</h2>
      <ol class="references__list">
        {citations.map((s, i) => (
          <li id={`ref-${i + 1}`} class="reference">
            <span class="reference__authors">{s.authors}</span> ({s.year}).{' '}
            <a class="reference__title" href={s.url} rel="noopener">{s.title}</a>.{' '}
            <cite class="reference__journal">{s.journal}</cite>.{' '}
            <span class={`design-badge design-badge--${s.design.replace(/\s+/g, '-').toLowerCase()}`}>{DESIGN_LABEL[s.design]}</span>
            {s.n ? <span class="reference__n"> n = {s.n.toLocaleString('en-US')}</span> : null}
            {s.pmid ? <span class="reference__id"> PMID {s.pmid}</span> : null}
            {s.doi ? <span class="reference__id"> doi:{s.doi}</span> : null}{' '}
            <a class="reference__back" href={`#cite-${i + 1}-1`} aria-label={`Back to citation ${i + 1} in the text`}>↩</a>
          </li>
        ))}
      </ol>
    </section>
  )
}
