/** Only same-site paths: a `next` or `return_to` must never send a user to another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/recommendations';
}
