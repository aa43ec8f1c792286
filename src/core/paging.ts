/**
 * Page numbers of every list, admin and public: one parser, so that no list
 * multiplies a typed number into an OFFSET SQLite cannot hold (a 500), and
 * one rule for pages past the end (the last page, not an empty one).
 */

/** Far beyond any list here, and small enough that page × page size stays a safe integer. */
export const MAX_PAGE = 1_000_000;

/**
 * `?page=` as people, old links and robots write it. Missing, empty or not a
 * whole number: the first page. Larger than any list: MAX_PAGE, which the list
 * then brings back to its last page.
 */
export function parsePageParam(raw: string | null | undefined): number {
  const text = raw?.trim() ?? '';
  if (!/^\d+$/.test(text)) return 1;
  const digits = text.replace(/^0+/, '');
  if (digits === '') return 1;
  if (digits.length > String(MAX_PAGE).length) return MAX_PAGE;
  return Math.min(MAX_PAGE, Number(digits));
}

/** How many pages `total` items fill; an empty list still has its one (empty) page. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export interface ListedPage<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

/**
 * Lists one page; asked for a page past the end, lists the last page instead,
 * so a stale or typed link shows something and its pager stays consistent.
 */
export async function listPage<T>(
  page: number,
  pageSize: number,
  list: (page: number) => Promise<{ items: T[]; total: number }>,
): Promise<ListedPage<T>> {
  const asked = Math.min(MAX_PAGE, Math.max(1, Math.trunc(page) || 1));
  const first = await list(asked);
  const pages = pageCount(first.total, pageSize);
  if (asked <= pages) return { ...first, page: asked, pages };
  const last = await list(pages);
  return { ...last, page: pages, pages: pageCount(last.total, pageSize) };
}
