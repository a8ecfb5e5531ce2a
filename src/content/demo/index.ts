export * from './studies.js'
export * from './articles.js'
export * from './comments.js'
