/**
 * Finds the articles a text cites: `Q123456` (also inside `ARTICLE-ID: Q123456`), first mention
 * first, each once, without the article's own ID. Only the Q form is an article ID in this archive.
 */

// not glued to letters or digits before, and no more digits after: `Q1234567` is not an ID
const CITATION = /(?<![A-Za-z0-9])Q\d{5,6}(?!\d)/g;

/** Article IDs cited in the texts, in order of first mention. */
export function extractCitations(texts: string[], ownId: string): string[] {
  const seen = new Set<string>([ownId.toUpperCase()]);
  const cites: string[] = [];
  for (const text of texts) {
    for (const match of text.matchAll(CITATION)) {
      const id = match[0];
      if (seen.has(id)) continue;
      seen.add(id);
      cites.push(id);
    }
  }
  return cites;
}
