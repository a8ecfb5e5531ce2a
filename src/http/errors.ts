/** Thrown when the thing asked for does not exist or is not visible to the asker. */
export class NotFound extends Error {
  readonly statusCode = 404
  constructor(message = 'Page not found') { super(message) }
}

/** Thrown when the asker may not do this; the message is shown to them. */
export class Forbidden extends Error {
  readonly statusCode = 403
  constructor(message = 'You do not have permission to do that.') { super(message) }
}
