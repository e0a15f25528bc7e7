/**
 * Tells an unchanged article page without drawing it. An article page is a pure function of the
 * render code, the settings, its data (the stored record and its related lists: ArticlePageSource in
 * lib/render/static-pages.ts) and the answers its render context's lookups gave (`articleById` of the
 * articles it cites, `productPath` of its products). The first build records which lookups the render
 * made and hashes all of it; a rebuild replays those lookups on the new site data and hashes again:
 * an equal hash means the render would make the same lookups, get the same answers and give the same
 * bytes, so the page is left as it is. Anything else (another record, a cited article retitled, a
 * related list changed, other code) draws it again.
 */
import { createHash } from 'node:crypto';
import type { RenderContext } from '../render/context';

/** A lookup a render made: the context's method and its argument. */
export type Lookup = [method: string, arg: string];

/** What a build keeps of a drawn article page: the hash of its inputs, the lookups, its file's size. */
export interface PageInputs {
  hash: string;
  lookups: Lookup[];
  size: number;
}

type Method = (arg: string) => unknown;

/** The hash of a page's inputs: `code` (the renderer's fingerprint and the settings), its data, the context's values and the lookups with their answers. */
export function inputsHash(code: string, data: string, ctx: RenderContext, lookups: readonly Lookup[], answers: readonly unknown[]): string {
  const values = Object.entries(ctx).filter(([, v]) => typeof v !== 'function');
  return createHash('sha1')
    .update(code).update('\0')
    .update(JSON.stringify(values)).update('\0')
    .update(data).update('\0')
    .update(JSON.stringify(lookups)).update('\0')
    .update(JSON.stringify(answers))
    .digest('base64url');
}

/** A context whose every lookup is recorded with its answer (`undefined` answers recorded as such). */
export function recordingContext(ctx: RenderContext): { ctx: RenderContext; lookups: Lookup[]; answers: unknown[] } {
  const lookups: Lookup[] = [];
  const answers: unknown[] = [];
  const recording = { ...ctx } as Record<string, unknown>;
  for (const [name, value] of Object.entries(ctx)) {
    if (typeof value !== 'function') continue;
    recording[name] = (arg: string) => {
      const answer = (value as Method).call(ctx, arg);
      lookups.push([name, arg]);
      answers.push(answer);
      return answer;
    };
  }
  return { ctx: recording as unknown as RenderContext, lookups, answers };
}

/** The answers the context gives now to lookups recorded by an earlier build (a method it no longer has: null). */
export function replayLookups(ctx: RenderContext, lookups: readonly Lookup[]): unknown[] {
  const methods = ctx as unknown as Record<string, unknown>;
  return lookups.map(([name, arg]) => {
    const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
    return typeof method === 'function' ? (method as Method).call(ctx, arg) : null;
  });
}
