/**
 * Errors the API answers with. Each carries an HTTP status, a stable machine code and a zh-CN
 * message; the error middleware turns them into `{ error: { code, message, field? } }`.
 * Anything that is not an ApiError becomes a bare 500 that reveals nothing.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
  toBody(): { error: { code: string; message: string; field?: string } } {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

/** 400: the request is malformed or a field is invalid. */
export class ValidationError extends ApiError {
  constructor(message: string, field?: string, code = 'validation_failed') {
    super(400, code, message, field);
  }
}

/** 401: no token, a bad token, an expired token, or a login that failed. */
export class UnauthorizedError extends ApiError {
  constructor(message = '请先登录', code = 'unauthorized') {
    super(401, code, message);
  }
}

/** 403: logged in, but this role may not do this. */
export class ForbiddenError extends ApiError {
  constructor(message = '当前账号无权进行此操作', code = 'forbidden') {
    super(403, code, message);
  }
}

/** 404: no such record, or one the caller may not see (we never reveal which). */
export class NotFoundError extends ApiError {
  constructor(message = '记录不存在', code = 'not_found') {
    super(404, code, message);
  }
}

/** 409: the record changed since the caller read it, or the step does not fit its state. */
export class ConflictError extends ApiError {
  constructor(message: string, code = 'conflict', field?: string) {
    super(409, code, message, field);
  }
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `请求内容过大（上限 ${Math.round(limitBytes / 1024)} KB）`);
  }
}

/** 415: the body is not JSON. */
export class UnsupportedMediaTypeError extends ApiError {
  constructor() {
    super(415, 'unsupported_media_type', '请求内容须为 JSON（Content-Type: application/json）');
  }
}

/** 429: too many attempts; `retryAfterSeconds` says when to try again. */
export class TooManyRequestsError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}

/**
 * 503: a service the request depends on (the token secret, the personal-data key, the
 * limiter's table) could not be reached. The client may retry after `retryAfterSeconds`; it
 * says nothing about the caller's credentials, so a web app must not sign anyone out on it.
 */
export class ServiceUnavailableError extends ApiError {
  constructor(
    readonly retryAfterSeconds = 5,
    message = '服务暂时不可用，请稍后重试',
  ) {
    super(503, 'service_unavailable', message);
  }
}
