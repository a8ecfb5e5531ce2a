import { Layout } from './layout.js'

export function ErrorPage({ status, title, message, requestId }: { status: number; title: string; message: string; requestId?: string }) {
  return (
    <Layout meta={{ title, noindex: true }}>
      <section class="error-page">
        <p class="eyebrow">Error {status}</p>
        <h1>{title}</h1>
        <p class="lead">{message}</p>
        {requestId ? <p class="muted">If this keeps happening, tell us this reference: <code>{requestId}</code></p> : null}
        <p><a class="btn btn--secondary" href="/">Go to the home page</a></p>
      </section>
    </Layout>
  )
}
