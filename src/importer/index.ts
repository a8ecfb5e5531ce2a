// The importer's door: other modules and the CLI use only what is exported here.
import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { importerRoutes } from './routes.js'
import { failInterruptedRuns, IMPORT_JOB, runImportJob } from './admin-import.js'
import { importAdminRoutes } from './admin-routes.js'
export { ImportFileError } from './import-file-error.js'
export { readWxr, WXR_VERSIONS } from './wxr-reader.js'
export type {
  ReadWxrOptions, WxrApproval, WxrAuthor, WxrCategory, WxrComment, WxrItem, WxrItemTerm, WxrMeta,
  WxrPostType, WxrRecord, WxrSite, WxrStatus, WxrTag, WxrTerm,
} from './wxr-reader.js'
export { readDisqus } from './disqus-reader.js'
export type { DisqusAuthor, DisqusCategory, DisqusPost, DisqusRecord, DisqusThread, ReadDisqusOptions } from './disqus-reader.js'
export type { ReadInput, ReadProgress } from './xml-records.js'
export { importWordPress, type WordPressImportOptions, type WordPressImportResult } from './wordpress-import.js'
export { runImportCommand, type CommandOutput, type ImportCommandArgs } from './command.js'
export { ImportReport, type ImportWarning, type KindCounts } from './report.js'
export { convertWpBody } from './wp-body.js'
export type { ConvertedWpBody, WpBodyOptions } from './wp-body.js'
export { MAX_IMPORT_BYTES } from './admin-import.js'

/**
 * The admin import pages (a run a stopped process left 'running' is failed
 * first), and /comments/imported/<old id> (an old #comment-123 link, asked by
 * the article page's script).
 */
export async function registerImporter(app: FastifyInstance, deps: Deps) {
  await failInterruptedRuns(deps)
  importAdminRoutes(app, deps)
  importerRoutes(app, deps)
}

/** The importer's job kind: importer.run (jobs/handlers.ts gathers it). */
export function registerImporterJobs(deps: Deps) {
  deps.jobs.handle<{ runId: number }>(IMPORT_JOB, (payload) => runImportJob(deps, payload))
}
