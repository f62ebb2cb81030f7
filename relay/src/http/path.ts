/**
 * The request target's path, as hyper's `uri().path()` gives it to buzz's three listeners: no query, and the path
 * of an absolute-form target.
 */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  if (!url.startsWith('/')) return URL.parse(url)?.pathname ?? url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
