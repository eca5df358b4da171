/**
 * One normalised error for every failed API request: HTTP code, Kubernetes reason, the server's
 * message and, for conflicts, the field managers involved. Never carries headers or credentials.
 */
export class KubeApiError extends Error {
  /** The server's `Retry-After`, when it sent one. */
  retryAfterMs?: number;

  constructor(
    readonly code: number,
    readonly reason: string,
    readonly serverMessage: string,
    readonly details: { causes?: { reason?: string; message?: string; field?: string }[] } = {},
  ) {
    super(`${reason} (${code}): ${serverMessage}`);
    this.name = 'KubeApiError';
  }

  static fromResponse(method: string, path: string, code: number, body: string): KubeApiError {
    try {
      const status = JSON.parse(body) as {
        reason?: string;
        message?: string;
        details?: KubeApiError['details'];
      };
      return new KubeApiError(code, status.reason ?? 'Unknown', status.message ?? body, status.details ?? {});
    } catch {
      return new KubeApiError(code, 'Unknown', `${method} ${path}: ${body.slice(0, 500)}`);
    }
  }

  get notFound(): boolean {
    return this.code === 404;
  }

  /** A field-manager conflict on server-side apply (not a resourceVersion precondition failure). */
  get conflict(): boolean {
    return this.code === 409 && !this.alreadyExists && !this.stale;
  }

  /** Create of an object that exists. */
  get alreadyExists(): boolean {
    return this.code === 409 && this.reason === 'AlreadyExists';
  }

  /** A write whose resourceVersion precondition failed: someone else wrote the object first. */
  get stale(): boolean {
    return (
      this.code === 409 &&
      /the object has been modified|Precondition failed|resourceVersion/i.test(this.serverMessage)
    );
  }

  get forbidden(): boolean {
    return this.code === 403;
  }

  /** A watch or list continue token that expired (410 Gone). */
  get gone(): boolean {
    return this.code === 410;
  }

  /** An update the API server refuses because a field is immutable (or the object is otherwise invalid). */
  get invalid(): boolean {
    return this.code === 422;
  }

  get immutableField(): boolean {
    return this.invalid && /immutable|may not change|field is immutable/i.test(this.serverMessage);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.notFound;
}
