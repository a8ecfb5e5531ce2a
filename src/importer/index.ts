import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { importerRoutes } from './routes.js'

// The importer's door: other modules and the CLI use only what is exported here.
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

/** Routes: /comments/imported/<old id> (an old #comment-123 link, asked by the article page's script). */
export async function registerImporter(app: FastifyInstance, deps: Deps) {
  importerRoutes(app, deps)
}
