import assert from 'node:assert/strict'

// The pages of the demo site that the speed and weight checks look at, found
// on the running site (topic ids are random per install). Each is checked to
// still be the kind of page it stands for, so a change to the demo data fails
// here instead of quietly measuring an emptier page.

/** The demo article with the most figures and comments of its kind (comments, citations, two figures). */
export const DEMO_ARTICLE = '/minoxidil-label-shedding-and-when-to-judge'

export interface DemoPages {
  home: string
  article: string
  topic: string
  forum: string
  category: string
  product: string
}

async function html(base: string, path: string): Promise<string> {
  const res = await fetch(`${base}${path}`)
  assert.equal(res.status, 200, path)
  return res.text()
}

/** Paths of the pages measured, with the topic that has the most replies. */
export async function findDemoPages(base: string): Promise<DemoPages> {
  const article = await html(base, DEMO_ARTICLE)
  assert.ok((article.match(/<figure\b/g) ?? []).length >= 2, `${DEMO_ARTICLE} has figures`)
  assert.ok((article.match(/\bid="comment-[a-z0-9]+"/g) ?? []).length >= 5, `${DEMO_ARTICLE} has comments`)

  const latest = await html(base, '/forum/latest')
  const topics = [...latest.matchAll(/<li class="topic-row">([\s\S]*?)<\/li>/g)].map((m) => ({
    href: /href="(\/forum\/t\/[^"]+)"/.exec(m[1])?.[1] ?? '',
    replies: Number(/(\d+) repl(?:y|ies)/.exec(m[1])?.[1] ?? 0),
  }))
  const topic = topics.sort((a, b) => b.replies - a.replies)[0]
  assert.ok(topic?.href && topic.replies >= 2, `a demo topic has replies (${JSON.stringify(topics)})`)

  const forum = await html(base, '/forum')
  const category = /href="(\/forum\/c\/[^"/]+)"/.exec(forum)?.[1]
  assert.ok(category, 'the forum lists a category')

  const shop = await html(base, '/shop')
  const product = /href="(\/shop\/p\/[^"/]+)"/.exec(shop)?.[1]
  assert.ok(product, 'the shop lists a product')

  return { home: '/', article: DEMO_ARTICLE, topic: topic.href, forum: '/forum', category, product }
}
