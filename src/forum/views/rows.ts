import { formatDate, formatDateTime } from '../../views/format.js'
import type { StoryView } from '../stories.js'
import type { ImageView } from '../images.js'
import type { PostView, TopicListItem, TopicPageData } from '../page-types.js'
import { countOf, html, sanitized, type Markup } from './markup.js'

// The rows forum pages repeat, built as strings (markup.ts says why): the
// markup is exactly what the components wrote before, so styles, the client
// script and the browser journeys see no difference.

export function storyCompactHtml(story: StoryView): Markup {
  return html`<p class="story-compact"><span>${story.treatmentTexts.join(' · ')}</span><span>${story.months} mo</span><span>Self-rated ${story.changeText}</span></p>`
}

function topicRowHtml(t: TopicListItem, showCategory: boolean): Markup {
  const cls = `topic-row${t.pinned ? ' topic-row--pinned' : ''}${t.held ? ' topic-row--held' : ''}`
  return html`<li class="${cls}"><div class="topic-row__main"><a class="topic-row__title" href="${t.href}">${t.title}</a><span class="topic-row__flags">${
    t.pinned && html`<span class="tag tag--pinned">Pinned</span>`}${
    t.closed && html`<span class="tag">Closed</span>`}${
    t.held && html`<span class="tag tag--held">Awaiting review: only you can see it</span>`}${
    t.newPosts ? html`<span class="tag tag--new">${t.newPosts} new<span class="visually-hidden"> since your last visit</span></span>` : null
  }</span>${
    showCategory && t.category ? html`<a class="topic-row__cat" href="${t.category.href}">${t.category.name}</a>` : null}${
    t.story ? storyCompactHtml(t.story) : null
  }</div><p class="topic-row__stats"><span>${countOf(t.replies, 'reply', 'replies')}</span><span>${countOf(t.views, 'view', 'views')}</span><span class="topic-row__last">${
    t.lastPoster ? `${t.lastPoster}, ` : null}${
    t.lastActivityAt ? html`<time datetime="${t.lastActivityAt}">${formatDate(t.lastActivityAt)}</time>` : null
  }</span></p></li>`
}

/** A topic list's rows (the list element itself stays in the page's component). */
export function topicRowsHtml(topics: TopicListItem[], showCategory: boolean): Markup {
  return html`${topics.map((t) => topicRowHtml(t, showCategory))}`
}

function imagesHtml(images: ImageView[]): Markup | null {
  if (!images.length) return null
  return html`<ul class="forum-post__images">${images.map((im) => html`<li><a href="${im.src}"><img src="${im.src}" alt="${im.alt}" width="${im.width}" height="${im.height}" loading="lazy" decoding="async"/></a></li>`)}</ul>`
}

/**
 * One post as this viewer sees it. `csrf` issues the viewer's token; it is
 * called only for a post that shows a Delete form (the viewer's own, in its
 * edit window), so other pages set no token cookie on its account.
 */
function postHtml(post: PostView, data: TopicPageData, csrf: () => string): Markup {
  const n = post.number
  return html`<li class="${post.pending ? 'forum-post forum-post--pending' : 'forum-post'}"><article id="${post.anchor}" class="forum-post__card" aria-label="Post #${n} by ${post.authorName}"><header class="forum-post__meta"><span class="forum-post__author">${post.authorName}</span>${
    post.guest && html`<span class="forum-badge forum-badge--guest">guest</span>`}${
    post.member && html`<span class="forum-badge forum-badge--member">Member</span>`}${
    post.staff && html`<span class="comment__badge comment__badge--staff">Staff</span>`
  }<time class="forum-post__date" datetime="${post.createdAt}">${formatDateTime(post.createdAt)}</time>${
    post.isNew && html`<span class="forum-badge forum-badge--new">New<span class="visually-hidden"> since your last visit</span></span>`
  }<a class="forum-post__num" href="${post.permalink}" aria-label="Permalink to post #${n}">#${n}</a></header>${
    post.inReplyTo ? html`<p class="forum-post__reply-to">in reply to ${post.inReplyTo.removed ? 'a removed post' : html`<a href="${post.inReplyTo.href}">#${post.inReplyTo.number}</a>`}</p>` : null}${
    post.pending ? html`<p class="comment__pending">${post.ownPending ? 'Your post is awaiting review. Until then only you can see it.' : 'Awaiting review (visible to staff only).'}</p>` : null
  }<div class="forum-post__body">${sanitized(post.bodyHtml)}</div>${imagesHtml(post.images)}${
    post.edited ? html`<p class="forum-post__edited">${data.staff ? html`<a href="/admin/posts/${post.shortId}/history">Edited · history</a>` : 'Edited'}</p>` : null
  }<div class="forum-post__actions">${
    data.reply.open && html`<a href="${post.quoteHref}" aria-label="Quote post #${n}">Quote</a>`}${
    post.canChange && html`<a href="/forum/p/${post.shortId}/edit" aria-label="Edit post #${n}">Edit</a><form method="post" action="/forum/p/${post.shortId}/delete" class="inline-form" data-confirm="Delete this post?"><input type="hidden" name="_csrf" value="${csrf()}"/><button class="btn btn--link">Delete<span class="visually-hidden"> post #${n}</span></button></form>`}${
    !post.pending && !post.canChange && html`<a href="/forum/p/${post.shortId}/flag" aria-label="Flag post #${n}" rel="nofollow">Flag</a>`}${
    data.staff && post.guest && html`<a href="/admin/bans/new?post=${post.shortId}" aria-label="Ban the author of post #${n}">Ban</a>`
  }</div></article></li>`
}

/** A topic page's posts (the list element itself stays in TopicPage). */
export function postsHtml(data: TopicPageData, csrf: () => string): Markup {
  return html`${data.posts.map((p) => postHtml(p, data, csrf))}`
}
