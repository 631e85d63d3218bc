/**
 * bybit-api rejects non-200 REST responses with an object whose `requestOptions` carries the API key
 * and secret. Errors from the SDK must therefore never be logged or rethrown as they are: this turns
 * any thrown value into a short string built only from fields known to be safe.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return `${error.name}: ${truncate(error.message)}`;
  }
  if (typeof error === 'string') return truncate(error);
  if (error !== null && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of ['code', 'retCode', 'message', 'retMsg', 'ret_msg', 'op']) {
      const v = e[key];
      if (typeof v === 'string' || typeof v === 'number') parts.push(`${key}=${truncate(String(v))}`);
    }
    if (typeof e.body === 'string') parts.push(`body=${truncate(e.body)}`);
    return parts.length > 0 ? parts.join(' ') : 'unknown error object';
  }
  return `unknown error (${typeof error})`;
}

function truncate(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
