/**
 * Related articles of one article, assembled from the site's records at build time (no client
 * script): the articles it cites and those citing it, the others about each error code it cites
 * ("Also about WSAENOTSOCK: 3 more articles"), and the most similar ones in its product
 * (lib/related/similar.ts). Pure: the lookups come in as `RelatedSources`.
 */
import type { CodeIdentity } from '../error-codes/types';
import type { ArticleRecord } from '../parse/types';
import type { ArticleLink } from './context';

export interface RelatedSources {
  articleById(id: string): ArticleLink | undefined;
  /** the articles of the site citing `id`, in a stable order */
  citedBy(id: string): ArticleLink[];
  /** the IDs of the articles mentioning an error code, title mentions first */
  codeArticles(key: string): readonly string[];
  /** the IDs of the articles most similar to `id`, best first */
  similar(id: string): readonly string[];
}

/** The other articles about one code the article cites. */
export interface CodeNeighbours extends Pick<CodeIdentity, 'key' | 'name'> {
  /** how many other articles mention it */
  total: number;
  /** the first few of them */
  articles: ArticleLink[];
}

export interface RelatedArticles {
  cites: ArticleLink[];
  citedBy: ArticleLink[];
  byCode: CodeNeighbours[];
  similar: ArticleLink[];
}

export interface RelatedLimits {
  /** articles listed per error code */
  perCode: number;
  /** similar articles listed */
  similar: number;
}

const DEFAULT_LIMITS: RelatedLimits = { perCode: 5, similar: 5 };

/**
 * The related lists of `record`. Each list leaves the article itself out; the similar list also
 * leaves out every article already listed above it, so a reader sees each one once.
 */
export function relatedArticles(
  record: Pick<ArticleRecord, 'id' | 'cites' | 'errorCodes'>,
  sources: RelatedSources,
  limits: RelatedLimits = DEFAULT_LIMITS,
): RelatedArticles {
  const self = record.id;
  const resolve = (ids: readonly string[]): ArticleLink[] =>
    ids.flatMap((id) => {
      const a = id === self ? undefined : sources.articleById(id);
      return a ? [a] : [];
    });
  const cites = resolve(record.cites);
  const citedBy = sources.citedBy(self).filter((a) => a.id !== self);
  const byCode: CodeNeighbours[] = [];
  for (const code of record.errorCodes) {
    const others = sources.codeArticles(code.key).filter((id) => id !== self);
    if (others.length === 0) continue;
    byCode.push({ key: code.key, name: code.name, total: others.length, articles: resolve(others.slice(0, limits.perCode)) });
  }
  const shown = new Set([self, ...cites.map((a) => a.id), ...citedBy.map((a) => a.id), ...byCode.flatMap((c) => c.articles.map((a) => a.id))]);
  const similar = resolve(sources.similar(self).filter((id) => !shown.has(id))).slice(0, limits.similar);
  return { cites, citedBy, byCode, similar };
}
