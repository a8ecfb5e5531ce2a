import type { CitedStudy } from './markdown.js'
import type { ReaderArticle } from './reading.js'
import { pictureSources } from './media-urls.js'

// schema.org data for search engines. A reviewed article is also a
// MedicalWebPage, the type that carries reviewedBy and lastReviewed.

export function articleJsonLd(site: { title: string; url: string }, a: ReaderArticle, citations: CitedStudy[]) {
  const url = `${site.url}/${a.slug}`
  const image = a.featured ? `${site.url}${pictureSources(a.featured).largestSrc}` : undefined
  const reviewed = Boolean(a.reviewedBy && a.reviewedAt)
  if (a.kind === 'page') {
    return { '@context': 'https://schema.org', '@type': 'WebPage', name: a.title, description: a.excerpt || undefined, url, dateModified: a.updatedAt }
  }
  return {
    '@context': 'https://schema.org',
    '@type': reviewed ? ['Article', 'MedicalWebPage'] : 'Article',
    headline: a.title,
    description: a.excerpt || undefined,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: a.publishedAt ?? undefined,
    dateModified: a.updatedAt,
    author: { '@type': 'Person', name: a.authorName, url: `${site.url}/author/${a.authorSlug}` },
    publisher: { '@type': 'Organization', name: site.title, url: site.url, logo: { '@type': 'ImageObject', url: `${site.url}/assets/favicon.svg` } },
    image: image ? [image] : undefined,
    citation: citations.length ? citations.map(scholarly) : undefined,
    ...(reviewed ? { reviewedBy: { '@type': 'Person', name: a.reviewedBy }, lastReviewed: a.reviewedAt!.slice(0, 10) } : {}),
  }
}

function scholarly(s: CitedStudy) {
  const identifier = [
    s.pmid ? { '@type': 'PropertyValue', propertyID: 'PMID', value: s.pmid } : null,
    s.doi ? { '@type': 'PropertyValue', propertyID: 'DOI', value: s.doi } : null,
  ].filter(Boolean)
  return {
    '@type': 'ScholarlyArticle',
    headline: s.title,
    name: s.title,
    author: s.authors,
    datePublished: String(s.year),
    isPartOf: { '@type': 'Periodical', name: s.journal },
    url: s.url,
    ...(identifier.length ? { identifier } : {}),
  }
}
