import { Layout } from '../../views/layout.js'
import { useView } from '../../views/context.js'
import { CsrfField, Field, FormErrors, Honeypot, Pagination, PostButton } from '../../views/components.js'
import { RawHtml, html, outOfLine, templateNode } from '../../views/html.js'
import { formatDate, plural } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import { POST_LIMITS } from '../../discussion/index.js'
import { FORUM_LIMITS } from '../limits.js'
import { PhotoInputs, StoryCard, StoryFieldsInputs, TreatmentFilterForm } from './StoryViews.js'
import { asPageHtml } from './markup.js'
import { postsHtml, topicRowsHtml } from './rows.js'
import type { CategoryPageData, CategorySummary, LatestPageData, TopicListItem, TopicPageData } from '../page-data.js'

const POLICY: Record<CategorySummary['guestPolicy'], string> = {
  topics: 'Guests may start topics and reply',
  replies: 'Guests may reply',
  read: 'Guests may read',
}

function ForumCrumbs({ category }: { category?: { name: string; href: string } }) {
  return (
    <nav class="forum-crumbs" aria-label="Breadcrumb">
      <a href="/forum">Forum</a>
      {category ? <>{' › '}<a href={category.href}>{category.name}</a></> : null}
    </nav>
  )
}

export function ForumHomePage({ categories }: { categories: CategorySummary[] }) {
  return (
    <Layout meta={{ title: 'Community forum', description: 'Readers compare notes on hair-loss treatments. Posting needs no sign-up.', canonical: '/forum' }}>
      <div class="forum-head">
        <h1>Community forum</h1>
        <a class="btn btn--secondary btn--small" href="/forum/latest">Latest topics</a>
      </div>
      <p class="forum-intro">
        Readers compare notes on what they tried and how it went. You can post without an account: choose a name, and we hold a
        newcomer’s first posts for a quick review. Experiences here are personal and self-reported, not medical advice.
      </p>
      {categories.length === 0 ? <p class="forum-empty">No categories yet.</p> : (
        <ul class="forum-cats">
          {categories.map((c) => (
            <li class="forum-cat">
              <div class="forum-cat__main">
                <h2 class="forum-cat__name"><a href={c.href}>{c.name}</a></h2>
                <p class="forum-cat__desc">{c.description}</p>
                <p class="forum-cat__policy">{POLICY[c.guestPolicy]}</p>
              </div>
              <dl class="forum-cat__stats">
                <div><dt>Topics</dt><dd>{c.topicCount.toLocaleString('en-US')}</dd></div>
                <div><dt>Posts</dt><dd>{c.postCount.toLocaleString('en-US')}</dd></div>
                <div class="forum-cat__latest"><dt>Latest</dt><dd>{c.lastActivityAt ? <time dateTime={c.lastActivityAt}>{formatDate(c.lastActivityAt)}</time> : 'No posts yet'}</dd></div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

function TopicList({ topics, showCategory = false, label }: { topics: TopicListItem[]; showCategory?: boolean; label: string }) {
  return <RawHtml as="ul" class="topic-list" label={label} html={asPageHtml(topicRowsHtml(topics, showCategory))} />
}

export function CategoryPage({ data }: { data: CategoryPageData }) {
  const c = data.category
  return (
    <Layout meta={{ title: data.page > 1 ? `${c.name} (page ${data.page})` : c.name, description: c.description, canonical: data.page > 1 ? `${c.href}?page=${data.page}` : c.href, feeds: [{ title: `${c.name} (RSS)`, href: `${c.href}/feed.xml` }] }}>
      <ForumCrumbs />
      <div class="forum-head">
        <h1>{c.name}</h1>
        {data.canStart ? <a class="btn btn--primary" href={`${c.href}/new`}>Start a topic</a> : null}
      </div>
      <p class="forum-intro">{c.description}</p>
      {!data.canStart ? <p class="notice">{POLICY[c.guestPolicy]} in this category.</p> : null}
      {data.held.length ? (
        <section aria-labelledby="held-title">
          <h2 id="held-title" class="forum-sub">Your topics awaiting review</h2>
          <TopicList topics={data.held} label="Your held topics" />
        </section>
      ) : null}
      {data.storyFilter ? <TreatmentFilterForm action={c.href} options={data.storyFilter.options} chosen={data.storyFilter.chosen} /> : null}
      {data.topics.length === 0
        ? <p class="forum-empty">{data.storyFilter?.chosen ? 'No stories with this treatment yet.' : 'No topics yet. Be the first to start one.'}</p>
        : <TopicList topics={data.topics} label={`Topics in ${c.name}`} />}
      <Pagination page={data.page} pages={data.pages} href={(p) => {
        const q = data.storyFilter?.chosen ? `treatment=${data.storyFilter.chosen}` : ''
        return p <= 1 ? (q ? `${c.href}?${q}` : c.href) : `${c.href}?${q ? `${q}&` : ''}page=${p}`
      }} />
    </Layout>
  )
}

export function LatestPage({ data }: { data: LatestPageData }) {
  return (
    <Layout meta={{ title: 'Latest topics', canonical: data.page > 1 ? `/forum/latest?page=${data.page}` : '/forum/latest' }}>
      <ForumCrumbs />
      <h1>Latest topics</h1>
      {data.topics.length === 0 ? <p class="forum-empty">Nothing posted yet.</p> : <TopicList topics={data.topics} showCategory label="Latest topics" />}
      <Pagination page={data.page} pages={data.pages} href={(p) => (p <= 1 ? '/forum/latest' : `/forum/latest?page=${p}`)} />
    </Layout>
  )
}

function GuestIdentity({ form }: { form: FormState }) {
  const v = useView()
  return (
    <fieldset class="forum-guest">
      <legend>Post as a guest</legend>
      <p class="field__hint">No account needed. Your name is shown with a “guest” mark; a newcomer’s first posts wait for a quick review.</p>
      <p class="forum-guest__account">
        Have an account? <a href={`/sign-in?next=${encodeURIComponent(v.path)}`}>Sign in</a>. Or, if you like, <a href="/account/register">create one</a>.
      </p>
      <Field form={form} name="name" label="Display name" required autocomplete="nickname" maxLength={80} />
      <Field form={form} name="email" label="Email (optional)" type="email" autocomplete="email" hint="Never shown. Used only to tell you about replies, after you confirm it." />
    </fieldset>
  )
}

const bodyHint = <>Markdown works: *emphasis*, [links](https://…), &gt; quotes, lists. At most {POST_LIMITS.reply.maxLinks} links to other sites (PubMed, doi.org and ClinicalTrials.gov don’t count).</>

export function NewTopicPage({ category, form, stamp, signedInAs, story = false, photoSlots = 1 }: { category: CategorySummary; form: FormState; stamp: string; signedInAs: string | null; story?: boolean; photoSlots?: number }) {
  return (
    <Layout meta={{ title: `New topic in ${category.name}`, noindex: true }}>
      <ForumCrumbs category={category} />
      <h1>{story ? 'Share your story' : `Start a topic in ${category.name}`}</h1>
      <form method="post" action={`${category.href}/new`} class="forum-form" enctype="multipart/form-data">
        {/* The token comes first: the server checks it before it reads any photo. */}
        <CsrfField />
        <FormErrors form={form} title="Your topic was not posted yet." />
        <Field form={form} name="title" label="Title" required maxLength={FORUM_LIMITS.maxTitleChars} />
        {story ? <StoryFieldsInputs form={form} /> : null}
        <Field form={form} name="body" label={story ? 'Your story' : 'Your post'} multiline rows={10} required hint={bodyHint} />
        <PhotoInputs form={form} slots={photoSlots} />
        {signedInAs ? <p class="forum-form__who">Posting as <strong>{signedInAs}</strong>.</p> : <GuestIdentity form={form} />}
        <Honeypot />
        <input type="hidden" name="stamp" value={stamp} />
        <p class="actions"><button class="btn btn--primary" type="submit">Post topic</button> <a href={category.href}>Cancel</a></p>
      </form>
    </Layout>
  )
}

/**
 * What a search result shows under the topic's title: the opening post's first
 * words (on page 1, where it is), else what the topic is and where it sits.
 */
function topicDescription(data: TopicPageData): string {
  const text = data.openingText ?? ''
  if (!text) return `${data.topic.title}: a topic in ${data.category.name}, ${plural(data.topic.replies, 'reply', 'replies')}.`
  return text.length <= 160 ? text : `${text.slice(0, 159).replace(/\s+\S*$/, '')}…`
}

export function TopicPage({ data, status }: { data: TopicPageData; status?: string }) {
  const t = data.topic
  const { csrfToken } = useView()
  void status
  return (
    <Layout meta={{ title: data.page > 1 ? `${t.title} (page ${data.page})` : t.title, description: topicDescription(data), canonical: data.pageHref(data.page), noindex: t.held, feeds: t.held ? [] : [{ title: `${t.title} (RSS)`, href: `/forum/t/${t.shortId}/feed.xml` }] }}>
      <ForumCrumbs category={{ name: data.category.name, href: data.category.href }} />
      <h1 class="topic-title">{t.title}</h1>
      <p class="topic-meta">
        {t.pinned ? <span class="tag tag--pinned">Pinned</span> : null}
        {t.closed ? <span class="tag">Closed</span> : null}
        {t.held ? <span class="tag tag--held">Awaiting review</span> : null}
        <span>{plural(t.replies, 'reply', 'replies')} · {plural(t.views, 'view', 'views')}</span>
        {!t.held ? <a href={`/forum/t/${t.shortId}/watch`} rel="nofollow">Watch this topic</a> : null}
      </p>
      {data.staff ? <StaffTools data={data} /> : null}
      {data.story ? <StoryCard story={data.story} /> : null}
      <Pagination page={data.page} pages={data.pages} href={data.pageHref} />
      {data.keptPosts
        ? <ol class="forum-posts">{templateNode(html`${outOfLine([data.keptPosts])}`)}</ol>
        : <RawHtml as="ol" class="forum-posts" html={asPageHtml(postsHtml(data, csrfToken))} />}
      <Pagination page={data.page} pages={data.pages} href={data.pageHref} />
      <ReplyForm data={data} />
    </Layout>
  )
}

function StaffTools({ data }: { data: TopicPageData }) {
  const act = (a: string) => `/forum/t/${data.topic.shortId}/staff/${a}`
  return (
    <div class="forum-staff" aria-label="Staff tools" role="group">
      {data.topic.pinned ? <PostButton action={act('unpin')}>Unpin</PostButton> : <PostButton action={act('pin')}>Pin</PostButton>}
      {data.topic.closed ? <PostButton action={act('open')}>Reopen</PostButton> : <PostButton action={act('close')}>Close</PostButton>}
      {data.moveTo.length ? (
        <form method="post" action={act('move')} class="forum-staff__move">
          <CsrfField />
          <label for="move-to">Move to</label>
          <select id="move-to" name="category">
            {data.moveTo.map((c) => <option value={String(c.id)}>{c.name}</option>)}
          </select>
          <button class="btn btn--secondary btn--small" type="submit">Move</button>
        </form>
      ) : null}
    </div>
  )
}

function ReplyForm({ data }: { data: TopicPageData }) {
  if (!data.reply.open) {
    return (
      <p class="notice forum-closed">
        {data.reply.why}
        {data.reply.offerAccount ? <> <a href={`/sign-in?next=${encodeURIComponent(data.topic.path)}`}>Sign in</a> or <a href="/account/register">create an account</a>.</> : null}
      </p>
    )
  }
  const { form, stamp, signedInAs } = data.reply
  return (
    <section class="forum-reply" id="reply" aria-labelledby="reply-title">
      <h2 id="reply-title">Reply</h2>
      <form method="post" action={`/forum/t/${data.topic.shortId}/reply`} class="forum-form" data-forum-reply enctype="multipart/form-data">
        <CsrfField />
        <FormErrors form={form} title="Your reply was not posted yet." />
        <Field form={form} name="body" label="Your reply" multiline rows={8} required hint={bodyHint} />
        <PhotoInputs form={form} slots={data.photoSlots} />
        {signedInAs ? <p class="forum-form__who">Posting as <strong>{signedInAs}</strong>.</p> : <GuestIdentity form={form} />}
        <Honeypot />
        <input type="hidden" name="reply_to" value={form.values.reply_to ?? ''} />
        <input type="hidden" name="stamp" value={stamp} />
        <p class="actions"><button class="btn btn--primary" type="submit">Post reply</button></p>
      </form>
    </section>
  )
}

export function EditPostPage({ action, form, opening, topicTitle, back }: { action: string; form: FormState; opening: boolean; topicTitle: string; back: string }) {
  return (
    <Layout meta={{ title: 'Edit your post', noindex: true }}>
      <p class="eyebrow"><a href={back}>{topicTitle}</a></p>
      <h1>Edit your post</h1>
      <p>You can change or delete your own post for {FORUM_LIMITS.editWindowMs / 60_000} minutes after posting.</p>
      <form method="post" action={action} class="forum-form">
        <FormErrors form={form} title="Your changes were not saved." />
        {opening ? <Field form={form} name="title" label="Title" required maxLength={FORUM_LIMITS.maxTitleChars} /> : null}
        <Field form={form} name="body" label="Your post" multiline rows={10} required hint={bodyHint} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save changes</button> <a href={back}>Cancel</a></p>
      </form>
    </Layout>
  )
}
