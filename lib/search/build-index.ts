/**
 * Builds the sharded search index from article records (server-only: writes files).
 * Records stream in through add(); only postings (term → doc numbers) and the small doc table are kept,
 * never full texts. finish() splits the terms into shards by hash and writes each shard as exported
 * FlexSearch indexes (one per field), plus the doc table, the suggestion files and the code table.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArticleRecord, ErrorCodeMention, RecordSummary } from '../parse/types';
import { buildCitedCodeTable, type CitedCode } from '../error-codes/cited-table';
import { docEntryOf } from './doc-entry';
import { exportPairShard, exportShard, type PairFileNote, type PairJob, type ShardPayload } from './export-shard';
import { fieldTermsOf, pairHashesOf } from './field-terms';
import {
  FIELDS, FILES_PER_HASH, FORMAT_VERSION, HASH_CHARS, contentName, encodeDocs, fileNames, idShardOf, prefixShardOf, termShardOf, vocabShardOf,
  type CodeRow, type DocEntry, type Facets, type Field, type SearchMeta,
} from './format';

/**
 * An article's terms when computed elsewhere (the build's parse workers, lib/build/load-parse-one.ts):
 * by field as numbers of the thread that computed them, with the terms that thread names for the
 * first time (`newTerms`, numbered on from what it sent before), its word-pair hashes and its doc-table
 * row (any product index: the builder keeps the row and sets it).
 */
export interface NumberedTerms extends Record<Field, ArrayLike<number>> {
  /** the thread that numbered the terms, or OWN_NUMBERS: the builder's own numbers (`numbering`) */
  thread: number;
  newTerms: readonly string[];
  pairs: ArrayLike<number>;
  doc: DocEntry;
}

/** NumberedTerms.thread of terms in the builder's own numbers (as `numbering` gave them). */
export const OWN_NUMBERS = -1;

export interface SearchIndexBuilder {
  /** `terms`: the record's terms when computed elsewhere (the build's worker threads; the record's summary is then enough); else computed here */
  add(record: ArticleRecord, terms?: NumberedTerms): void;
  add(record: RecordSummary, terms: NumberedTerms): void;
  /** the new terms of a record that is not added (a duplicate): later records may name them by number */
  learn(terms: NumberedTerms): void;
  /**
   * A parse thread's term numbers → the index's (one number per term for the whole build), as learned so
   * far: the similar-articles collector files the same terms by them (lib/related/similar.ts)
   */
  termNumbers(thread: number): readonly number[];
  /**
   * The builder's own term numbers, for a load that hands terms out in them (lib/build/load.ts
   * TermNumbering): `learn` files a thread's new terms and gives its numbers → ours; `names` lists every
   * term by our number. The postings and files do not depend on these numbers (a field's terms are
   * laid out in the order the docs first have them).
   */
  numbering: { learn(thread: number, newTerms: readonly string[]): readonly number[]; names(): readonly string[] };
  /**
   * Writes the index. `written`: the files whose bytes changed (the rest kept their names and were not
   * touched); `made`: the term and pair files made from their input (the rest were the last build's: reuse)
   */
  finish(outDir: string, options?: FinishOptions): Promise<{ files: number; bytes: number; written: number; made: number }>;
}

export interface FinishOptions {
  /** makes the term files elsewhere (the build's worker threads); else here, one at a time */
  exporter?: ShardExporter;
  /** keeps what each term and pair file was made from, so that the next build makes only those whose input changed */
  reuse?: IndexReuse;
  /** a full garbage collection (the build's: exposedGc), run where much of what finish() held has just gone */
  collect?: () => void;
  /** the most word-pair postings filed by file at once (pairJobs; default 4 M: 32 MB); the files do not depend on it */
  pairWindow?: number;
}

/**
 * Where the record of what this build made its files from goes (`file`, outside the index: the
 * build's .cache/), and `key`, a fingerprint of the code that makes term files (the build passes the
 * parse worker's: export-shard.ts, format.ts, FlexSearch). The record is trusted only by a build with
 * the same key, the same code of this module, the same format version and the same file counts.
 */
export interface IndexReuse {
  file: string;
  key: string;
}

/**
 * Makes term files' texts (exportShard of export-shard.ts) and pair files' (exportPairShard) elsewhere,
 * up to `ahead` at a time: the build's worker threads (lib/build/shard-export.ts). finish() makes them
 * here, one at a time, without one.
 */
export interface ShardExporter {
  export(shard: ShardPayload): Promise<string>;
  ahead: number;
  /** fewer files than this are made here instead: the exporter costs more to start than it saves */
  minimum?: number;
  /** starts the exporter ahead of its first file (a build without a reuse record makes every file) */
  start?(): void;
  /** makes a pair file elsewhere (exportPairShard of export-shard.ts); else finish() makes them here */
  exportPairs?(job: PairJob): Promise<{ text: string; note: PairFileNote }>;
}

export interface BuildOptions {
  /** a term found in the lead or rest text of more than this share of articles is left out of those fields */
  commonRatio?: number;
  /** below this many articles nothing is left out */
  commonMinDocs?: number;
  /** file counts, when not the defaults for the corpus size (tests, layout experiments) */
  termFiles?: number;
  pairFiles?: number;
  vocabFiles?: number;
}

/**
 * Term files for a corpus size: about 44 articles' worth of postings per file, 1 … 4096 files.
 * A query fetches one term file per word, one pair file per word pair and one doc-table file per
 * result shown; the three counts share the index's budget of files (issue 15: at most 6,000 for
 * the archive) in the proportions that cost a query the fewest bytes, measured on the archive:
 * 60,335 articles give 1,372 term, 2,414 pair and 1,886 doc-table files (see lib/search/README.md).
 */
export function termShardCount(docs: number): number {
  return Math.min(4096, Math.max(1, Math.ceil(docs / 44)));
}

/** Word-pair files for a corpus size: about 25 articles' worth of pairs per file (see termShardCount). */
export function pairShardCount(docs: number): number {
  return Math.min(4096, Math.max(1, Math.ceil(docs / 25)));
}

/** Articles per doc-table file: small enough that a page of 10 results fetches little. */
export function docsPerShardFor(docs: number): number {
  return docs <= 200 ? Math.max(1, docs) : 32;
}

/** Starts an index build; see SearchIndexBuilder. */
export function createSearchIndexBuilder(options: BuildOptions = {}): SearchIndexBuilder {
  const terms = createTermPostings();
  const docs: DocEntry[] = [];
  const facets: Facets = { product: [], year: [] };
  const products = new Map<string, number>();
  const mentions: ErrorCodeMention[][] = [];
  // (word pair hash, doc) in the order added: flat typed arrays, about 4 bytes a posting (14 M for the archive)
  const pairs = createPostingChunks();
  const numbers: number[] = [];

  function add(summary: RecordSummary, numbered?: NumberedTerms): void {
    // without terms given, the full record's sections are read (the overloads promise a record then)
    const record = summary as ArticleRecord;
    const doc = docs.length;
    const product = summary.products[0];
    let productIndex = -1;
    if (product !== undefined) {
      productIndex = products.get(product) ?? products.size;
      products.set(product, productIndex);
    }
    // the row handed over is the builder's to keep (a parse thread's, copied on its way here)
    const entry: DocEntry = numbered ? numbered.doc : docEntryOf(record, productIndex);
    entry[3] = productIndex; // the row's product index: known only here, in the order products are met
    docs.push(entry);
    facets.product.push(productIndex);
    facets.year.push(summary.lastModified ? Number(summary.lastModified.slice(0, 4)) || 0 : 0);
    if (numbered) {
      const ours = numbered.thread === OWN_NUMBERS ? undefined : terms.learn(numbered.thread, numbered.newTerms);
      for (const field of FIELDS) terms.add(field, numbered[field], doc, ours);
    } else {
      const named = fieldTermsOf(record);
      for (const field of FIELDS) terms.add(field, Array.from(named[field], terms.numberOf), doc);
    }
    pairs.addMany(numbered ? numbered.pairs : pairHashesOf(record), doc);
    if (summary.number !== null) numbers.push(summary.number);
    // only what the cited-code table needs: spellings and places would grow with the corpus
    if (summary.errorCodes.length > 0) mentions.push(summary.errorCodes.map((c) => ({ ...c, spellings: [], where: c.where.includes('title') ? ['title'] : [] })));
  }

  async function finish(outDir: string, finishOptions: FinishOptions = {}): Promise<{ files: number; bytes: number; written: number; made: number }> {
    const total = docs.length;
    const shards = options.termFiles ?? termShardCount(total);
    const docsPerShard = docsPerShardFor(total);
    const pairShards = options.pairFiles ?? pairShardCount(total);
    const ratio = options.commonRatio ?? 0.1;
    const maxPairDocs = total < (options.commonMinDocs ?? 2000) ? Infinity : total * ratio;
    // what the last build made each term and pair file from (reuse): a file whose input is the same
    // is not made again. The record is removed now and written again last, so that a build that
    // stops half way leaves none to trust.
    const reuse = finishOptions.reuse ? await openReuse(finishOptions.reuse, `${shards} ${pairShards} ${JSON.stringify(options)}`) : null;
    const previous = reuse?.previous ?? null;
    // without a record every file is made: the exporter's threads start now, beside the work below
    if (previous === null) finishOptions.exporter?.start?.();
    const postings = terms.seal();
    const vocabulary = vocabularyOf(postings);
    const commonTerms = dropCommonTerms(postings, total, options);
    const commonPairs: number[] = [];
    const titleVocabulary = postings.named('title').filter(([t]) => /^[a-z0-9]/.test(t) && !/^q\d+$/.test(t));
    const prefixShards = Math.min(256, Math.max(1, Math.ceil(titleVocabulary.length / 300)));

    // Every file but meta.json is named by a hash of its bytes (and its group's: FILES_PER_HASH; meta.files lists them): a reader
    // holding an older meta.json asks for the older names and never gets this build's bytes, and a
    // file whose bytes did not change keeps its name and is not written again. New files first,
    // then meta.json, then the files no longer listed go.
    const existing = new Set(await listFiles(outDir));
    const record: ReuseRecord = { key: reuse?.key ?? '', files: {}, groups: {} };
    const kept = new Set<string>();
    const hashes: Record<string, string[]> = {};
    const contents = createHash('sha1');
    let files = 0;
    let bytes = 0;
    let written = 0;
    let made = 0;
    const folders = new Set<string>();
    // up to 32 writes in flight: the file system works while this thread builds the next shard
    // (~6,000 files, each awaited in turn, spent seconds waiting)
    const pending = new Set<Promise<void>>();
    const hashOf = (texts: string[]) => {
      const h = createHash('sha1');
      for (const text of texts) h.update(`${text}\0`);
      return h.digest('hex');
    };
    // the name a file of the last build has, if that build listed it and its size is the one it wrote
    const inPlace = new Map<string, string | null>();
    const lastStored = (name: string, group: string): string | null => {
      const full = previous?.groups[group];
      const size = previous?.files[name]?.[1];
      if (full === undefined || size === undefined) return null;
      const stored = contentName(name, full.slice(0, HASH_CHARS));
      if (!existing.has(stored)) return null;
      let found = inPlace.get(stored);
      if (found === undefined) {
        try {
          found = statSync(path.join(outDir, stored)).size === size ? stored : null;
        } catch {
          found = null;
        }
        inPlace.set(stored, found);
      }
      return found;
    };
    // a folder's files FILES_PER_HASH at a time under one hash of their joint bytes (files come in order);
    // each item's text, or for a group kept whole from the last build (reuse), none
    const groups = new Map<string, Group>();
    const flush = async (kind: string) => {
      const open = groups.get(kind);
      if (!open) return;
      groups.delete(kind);
      const key = `${kind}/${open.group}`;
      if (open.kept !== undefined) {
        // the last build's files, unchanged and in place: named and counted as they are
        (hashes[kind] ??= [])[open.group] = open.kept.slice(0, HASH_CHARS);
        record.groups[key] = open.kept;
        for (const { name } of open.items) {
          const [digest, size] = previous!.files[name]!;
          const stored = contentName(name, open.kept.slice(0, HASH_CHARS));
          record.files[name] = [digest, size];
          kept.add(stored);
          contents.update(`${stored}\0`);
          files++;
          bytes += size;
        }
        return;
      }
      const texts = await Promise.all(open.items.map((item) => item.text!));
      const full = hashOf(texts);
      (hashes[kind] ??= [])[open.group] = full.slice(0, HASH_CHARS);
      record.groups[key] = full;
      for (const [i, { name, digest }] of open.items.entries()) await emit(name, texts[i]!, full, key, digest);
    };
    const write = async (name: string, value: unknown) => writeText(name, JSON.stringify(value));
    const writeText = async (name: string, text: string) => {
      const slash = name.indexOf('/');
      if (slash < 0) {
        const full = hashOf([text]);
        hashes[name] = [full.slice(0, HASH_CHARS)];
        record.groups[name] = full;
        return emit(name, text, full, name, null);
      }
      const kind = name.slice(0, slash);
      const group = Math.floor(Number(name.slice(slash + 1, -'.json'.length)) / FILES_PER_HASH);
      if (groups.get(kind)?.group !== group) await flush(kind);
      const open = groups.get(kind) ?? { group, items: [] };
      groups.set(kind, open);
      open.items.push({ name, digest: null, text });
      if (open.items.length === FILES_PER_HASH) await flush(kind);
    };
    // files made from an input with a digest (term and pair files), a group at a time: the whole group
    // is kept when each of its inputs is the last build's and its files are in place; else each file is
    // made (`make`), or read back from the last build's file when its own input is unchanged
    const planGroup = (kind: string, group: number, inputs: { name: string; digest: string; fits?: boolean; make: () => Promise<string> | string }[]): Group => {
      const key = `${kind}/${group}`;
      const same = inputs.map(({ name, digest, fits }) => fits !== false && previous?.files[name]?.[0] === digest ? lastStored(name, key) : null);
      if (same.every((stored) => stored !== null)) return { group, items: inputs.map(({ name, digest }) => ({ name, digest })), kept: previous!.groups[key]! };
      return {
        group,
        items: inputs.map(({ name, digest, make }, i) => {
          const stored = same[i];
          const remake = () => { made++; return make(); };
          const text = stored ? readFile(path.join(outDir, stored), 'utf8').catch(remake) : Promise.resolve(remake());
          return { name, digest, text };
        }),
      };
    };
    const writePlanned = async (kind: string, plan: Group) => {
      if (groups.get(kind)?.group !== plan.group) await flush(kind);
      groups.set(kind, plan);
      if (plan.items.length === FILES_PER_HASH) await flush(kind);
    };
    const emit = async (name: string, text: string, full: string, group: string, digest: string | null) => {
      const stored = contentName(name, full.slice(0, HASH_CHARS));
      kept.add(stored);
      const size = Buffer.byteLength(text);
      record.files[name] = [digest, size];
      const file = path.join(outDir, stored);
      const folder = path.dirname(file);
      if (!folders.has(folder)) { mkdirSync(folder, { recursive: true }); folders.add(folder); }
      // a file of that name holds these bytes unless two contents share a hash: compared, not trusted
      // to the name's 8 digits (against the whole SHA-1 the last build wrote it with, and its size;
      // else read back)
      const sameAsLast = previous?.groups[group] === full && previous.files[name]?.[1] === size;
      const same = !existing.has(stored) ? Promise.resolve(false)
        : sameAsLast ? stat(file).then((s) => s.size === size, () => false)
        : readFile(file, 'utf8').then((old) => old === text, () => false);
      const done: Promise<void> = same.then((unchanged) => {
        if (unchanged) return undefined;
        written++;
        if (!existing.has(stored)) return writeFile(file, text);
        // a file of that name with other bytes is replaced, never written in place: the build's copy
        // in out/ may be a hard link to it (lib/build/sync-tree.ts) and keeps the bytes it was listed with
        const temporary = `${file}.${process.pid}.tmp`;
        return writeFile(temporary, text).then(() => rename(temporary, file));
      }).then(() => { pending.delete(done); });
      pending.add(done);
      if (pending.size >= 32) await Promise.race(pending);
      contents.update(`${stored}\0`);
      files++;
      bytes += size;
    };

    // a folder's files made from inputs (term and pair files), group after group in order, up to
    // `ahead` files being made at once (on the build's worker threads when it passes an exporter); a
    // group whose inputs did not change is not made at all
    type Input = { name: string; digest: string; fits?: boolean; make: () => Promise<string> | string };
    const writeAhead = async (kind: string, count: number, inputOf: (n: number) => Input, ahead: number) => {
      const planned: { plan: Group; making: number }[] = [];
      let making = 0;
      for (let next = 0; next < count || planned.length > 0;) {
        while (next < count && (planned.length === 0 || making < ahead + FILES_PER_HASH)) {
          const group = Math.floor(next / FILES_PER_HASH);
          const inputs: Input[] = [];
          for (; next < Math.min(count, (group + 1) * FILES_PER_HASH); next++) inputs.push(inputOf(next));
          const before = made;
          const plan = planGroup(kind, group, inputs);
          planned.push({ plan, making: made - before });
          making += made - before;
        }
        const { plan, making: done } = planned.shift()!;
        await writePlanned(kind, plan);
        making -= done;
      }
    };
    // an edit's few files are made here when the exporter would take longer to start (ShardExporter.minimum)
    const handOver = (toMake: number) => finishOptions.exporter !== undefined && toMake >= (finishOptions.exporter.minimum ?? 0);

    const byShard = postings.byShard(shards);
    // the term postings are laid out by shard now and their chunks, the dictionary's map and the
    // seal's lists are garbage: collected before the export threads grow beside them (the index
    // step's peak was 100-130 MB higher without)
    finishOptions.collect?.();
    const termShards: (ShardPayload | undefined)[] = Array.from({ length: shards }, (_, n) => byShard.shard(n));
    const termDigests = termShards.map((shard) => termShardDigest(shard!));
    const termName = (n: number) => fileNames.terms(n);
    const termsToMake = termDigests.filter((digest, n) =>
      previous?.files[termName(n)]?.[0] !== digest || lastStored(termName(n), `terms/${Math.floor(n / FILES_PER_HASH)}`) === null).length;
    const termExporter = handOver(termsToMake) ? finishOptions.exporter! : { export: exportShard, ahead: 1 };
    await writeAhead('terms', shards, (n) => {
      const shard = termShards[n]!;
      termShards[n] = undefined;
      return { name: termName(n), digest: termDigests[n]!, make: () => termExporter.export(ownShard(shard)) };
    }, termExporter.ahead);
    byShard.release();
    postings.release(); // the term postings go before the pair postings are sorted

    for (let n = 0; n * docsPerShard < total || n === 0; n++) {
      await write(fileNames.docs(n), docs.slice(n * docsPerShard, (n + 1) * docsPerShard));
    }
    const prefixes: [string, number][][] = Array.from({ length: prefixShards }, () => []);
    for (const [term, count] of titleVocabulary) prefixes[prefixShardOf(term, prefixShards)]!.push([term, count]);
    for (let n = 0; n < prefixShards; n++) {
      await write(fileNames.prefix(n), prefixes[n]!.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
    }
    // word pairs: each file one string of keys and docs as base-36 gaps (PairShard); the pairs more
    // than `commonRatio` of the articles have are left out (their hashes go to the meta file, so
    // the query knows it cannot check them)
    const pairFiles = pairFileDigests(pairs, pairShards);
    // the files to make: those whose input changed or whose last file is not in place
    const pairName = (n: number) => fileNames.pairs(n);
    const pairGroup = (n: number) => `pairs/${Math.floor(n / FILES_PER_HASH)}`;
    // a file's text depends on the share that makes a pair common (a number of articles) only through
    // the pairs on either side of it: the last build's file fits while its kept pairs stay at or below
    // it and its common ones above
    const fits = (note: PairFileNote | undefined) => note !== undefined && note.most <= maxPairDocs && (note.least === null || note.least > maxPairDocs);
    const reusable = (n: number) => {
      const last = previous?.files[pairName(n)];
      return last !== undefined && last[0] === pairFiles.digests[n] && fits(last[2]) && lastStored(pairName(n), pairGroup(n)) !== null;
    };
    const want = new Uint8Array(pairShards);
    for (let n = 0; n < pairShards; n++) want[n] = reusable(n) ? 0 : 1;
    const jobOf = pairJobs(pairs, pairFiles, pairShards, want.every((x) => x === 1) ? null : want, maxPairDocs, finishOptions.pairWindow ?? 1 << 22);
    // the common pairs of each file: found when it is made, else those the last build found in the same input
    const pairNotes = new Map<string, PairFileNote>();
    const pairsToMake = want.reduce((sum, x) => sum + x, 0);
    const pairExporter = finishOptions.exporter?.exportPairs && handOver(pairsToMake) ? finishOptions.exporter : null;
    const makePair = (job: PairJob) => (pairExporter ? pairExporter.exportPairs!(job) : Promise.resolve(exportPairShard(job)));
    await writeAhead('pairs', pairShards, (n) => {
      const name = pairName(n);
      const last = previous?.files[name];
      if (want[n] === 0) pairNotes.set(name, last![2]!);
      return {
        name, digest: pairFiles.digests[n]!, fits: want[n] === 0 || fits(last?.[2]),
        make: () => {
          // a file thought reusable whose last copy could not be read after all: its postings alone
          const job = want[n] === 1 ? jobOf(n) : pairJobs(pairs, pairFiles, pairShards, Uint8Array.from({ length: pairShards }, (_, k) => (k === n ? 1 : 0)), maxPairDocs, 0)(n);
          return makePair(job).then(({ text, note }) => {
            pairNotes.set(name, note);
            return text;
          });
        },
      };
    }, pairExporter?.ahead ?? 1);
    // the vocabulary for typo correction, each word filed by its first two and by its last two letters
    const vocabShards = options.vocabFiles ?? Math.min(256, Math.max(1, Math.ceil(vocabulary.length / 400)));
    const vocabGroups: [string, number][][] = Array.from({ length: vocabShards }, () => []);
    for (const entry of vocabulary) {
      const head = vocabShardOf('head', entry[0].slice(0, 2), vocabShards);
      const tail = vocabShardOf('tail', entry[0].slice(-2), vocabShards);
      vocabGroups[head]!.push(entry);
      if (tail !== head) vocabGroups[tail]!.push(entry);
    }
    for (let n = 0; n < vocabShards; n++) await write(fileNames.vocab(n), vocabGroups[n]!.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
    // article numbers by their first three digits, for completions of `Q155…`
    const idShards = Math.min(256, Math.max(1, Math.ceil(numbers.length / 2000)));
    const idGroups: number[][] = Array.from({ length: idShards }, () => []);
    for (const number of new Set(numbers)) idGroups[idShardOf(String(number).slice(0, 3), idShards)]!.push(number);
    for (let n = 0; n < idShards; n++) await write(fileNames.ids(n), encodeDocs(idGroups[n]!.sort((a, b) => a - b)));
    await write(fileNames.facets, facets);
    await write(fileNames.codes, buildCitedCodeTable(mentions).map(codeRowOf));
    for (const kind of [...groups.keys()]) await flush(kind);
    pairs.release(); // only now: a file read back from the last build may yet have to be made
    for (const [name, note] of pairNotes) {
      commonPairs.push(...note.common);
      record.files[name]!.push(note);
    }
    await Promise.all(pending);
    const build = contents.digest('hex').slice(0, 12);
    const listed: Record<string, string> = {};
    for (const [kind, list] of Object.entries(hashes)) listed[kind] = list.join('');
    const meta: SearchMeta = {
      version: FORMAT_VERSION, build, files: listed, docs: total, termShards: shards, docsPerShard, prefixShards,
      products: [...products.keys()], years: [...new Set(facets.year)].filter((y) => y > 0).sort((a, b) => a - b), commonTerms,
      pairShards, commonPairs: commonPairs.sort((a, b) => a - b), vocabShards, idShards,
    };
    const metaText = JSON.stringify(meta);
    const metaFile = path.join(outDir, fileNames.meta);
    await writeFile(`${metaFile}.${process.pid}.tmp`, metaText);
    await rename(`${metaFile}.${process.pid}.tmp`, metaFile);
    // what meta.json no longer lists (older builds' files and folders) goes
    await removeFiles(outDir, [...existing].filter((name) => name !== fileNames.meta && !kept.has(name)));
    await removeEmptyFolders(outDir);
    if (reuse) await saveReuse(finishOptions.reuse!.file, record);
    return { files: files + 1, bytes: bytes + Buffer.byteLength(metaText), written: written + 1, made };
  }

  return {
    add,
    learn: (numbered) => { if (numbered.thread !== OWN_NUMBERS) terms.learn(numbered.thread, numbered.newTerms); },
    termNumbers: (thread) => terms.learn(thread, []),
    numbering: { learn: (thread, newTerms) => terms.learn(thread, newTerms), names: () => terms.names },
    finish,
  };
}

/**
 * Leaves terms that most articles have (`microsoft`, `windows`, `error`) out of the lead and rest fields:
 * their postings would make every query that touches their shard heavy, and they barely narrow a search.
 * They stay in titles; the query treats them as optional (see README).
 */
function dropCommonTerms(postings: SealedTerms, total: number, options: BuildOptions): string[] {
  const ratio = options.commonRatio ?? 0.1;
  if (total < (options.commonMinDocs ?? 2000)) return [];
  const dropped: string[] = [];
  for (let n = 0; n < postings.names.length; n++) {
    if (postings.count('lead', n) + postings.count('rest', n) > total * ratio) {
      postings.drop(n);
      dropped.push(postings.names[n]!);
    }
  }
  return dropped.sort();
}

/**
 * (key, doc) postings in the order added, docs ascending: the keys in filled chunks of 4 M (16 MB: large
 * enough for transparent huge pages, see scripts/build-steps.ts hugePagesEnv; 1 M cost as much as
 * without them), the docs
 * as runs (where each doc's postings start: they come one doc after another), read where they are
 * by scan(). Keeping a doc per posting doubled the memory of the archive's 39 M postings while the
 * articles were read; growing one array by doubling held up to 3× the postings at once; joining
 * the chunks into one array copied them all once more.
 */
function createPostingChunks() {
  const CHUNK = 1 << 22;
  const full: Uint32Array[] = [];
  let keys = new Uint32Array(CHUNK);
  let filled = 0;
  let size = 0;
  // [first posting, doc] of each doc's run
  const runs: number[] = [];
  let lastDoc = -1;
  return {
    /** files the keys of `list` for one doc, in order (docs must come ascending): one check of the doc, copies by chunk (60 M postings at the archive's build) */
    addMany(list: ArrayLike<number>, doc: number): void {
      if (list.length === 0) return;
      if (doc !== lastDoc) {
        if (doc < lastDoc) throw new Error('search index: postings must come in doc order');
        runs.push(size, doc);
        lastDoc = doc;
      }
      for (let i = 0; i < list.length;) {
        if (filled === CHUNK) {
          full.push(keys);
          keys = new Uint32Array(CHUNK);
          filled = 0;
        }
        const n = Math.min(list.length - i, CHUNK - filled);
        // a typed array's keys are copied in one piece (the postings of a warm build's 60,000 hits)
        // (a list that fits whole is copied without a view of it: subarray() cost ~0.3 s of 240,000 lists)
        if (list instanceof Uint32Array) keys.set(n === list.length ? list : list.subarray(i, i + n), filled);
        else for (let k = 0; k < n; k++) keys[filled + k] = list[i + k]!;
        filled += n;
        size += n;
        i += n;
      }
    },
    /** the postings in the order added, without copying them: `visit` gets runs of one doc's keys, keys[from … to) */
    scan(visit: (keys: Uint32Array, from: number, to: number, doc: number) => void): void {
      const chunks = [...full, keys.subarray(0, filled)];
      for (let r = 0; r < runs.length; r += 2) {
        const end = r + 2 < runs.length ? runs[r + 2]! : size;
        for (let at = runs[r]!; at < end;) {
          const c = Math.floor(at / CHUNK);
          const stop = Math.min(end - c * CHUNK, CHUNK);
          visit(chunks[c]!, at - c * CHUNK, stop, runs[r + 1]!);
          at = c * CHUNK + stop;
        }
      }
    },
    get size(): number { return size; },
    /** lets the postings go */
    release(): void {
      full.length = 0;
      keys = new Uint32Array(0);
      filled = size = 0;
      runs.length = 0;
      lastDoc = -1;
    },
  };
}

type PostingChunks = ReturnType<typeof createPostingChunks>;

/** The pair file of each posting (its hash modulo the count) and a digest of each file's postings (see pairFileDigests). */
interface PairFiles {
  fileOf: Uint16Array | Uint32Array;
  digests: string[];
  /** how many postings each file has */
  counts: Uint32Array;
}

/**
 * One pass over the word-pair postings as added: the file of each (hash modulo the count, in integer
 * arithmetic: the hashes above 2^31 would make `%` a floating-point remainder) and, per file, a
 * digest of its (hash, doc) postings in order: two 32-bit MurmurHash3 states of different seeds
 * (and the count), so that nothing is copied or sorted to tell which files changed. Filing all 19 M
 * of the archive's postings by file to take a SHA-1 of each took ~0.8 s of a rebuild; this ~0.2 s.
 */
function pairFileDigests(pairs: PostingChunks, shards: number): PairFiles {
  const fileOf = shards <= 0x10000 ? new Uint16Array(pairs.size) : new Uint32Array(pairs.size);
  const a = new Int32Array(shards).fill(0x2f6b9a41);
  const b = new Int32Array(shards).fill(0x61c88647);
  const count = new Uint32Array(shards);
  const high = 0x10000 % shards;
  const split = shards <= 46340; // (shards - 1)² + 0xffff stays below 2^31
  let g = 0;
  pairs.scan((keys, from, to, doc) => {
    for (let i = from; i < to; i++) {
      const hash = keys[i]!;
      const n = split ? ((((hash >>> 16) % shards) * high) + (hash & 0xffff)) % shards : hash % shards;
      fileOf[g++] = n;
      a[n] = murmurStep(murmurStep(a[n]!, hash), doc);
      b[n] = murmurStep(murmurStep(b[n]!, doc), hash);
      count[n]!++;
    }
  });
  const digests = Array.from({ length: shards }, (_, n) => `${count[n]}.${murmurEnd(a[n]!, count[n]!).toString(36)}.${murmurEnd(b[n]!, count[n]!).toString(36)}`);
  return { fileOf, digests, counts: count };
}

/** MurmurHash3 (x86, 32 bit): one 4-byte block into the state. */
function murmurStep(state: number, block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  const h = state ^ k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finish: the length (in blocks) and the avalanche; unsigned. */
function murmurEnd(state: number, blocks: number): number {
  let h = state ^ (blocks * 8);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The pair files' jobs (PairJob), each file's postings in the order added (docs ascending), for the
 * files `want` asks for (all when null): `jobOf(n)` files the postings of a window of consecutive
 * files starting at n, unless n is in the window filed last, with one stable counting pass over the
 * postings; each file's pairs are sorted by hash when it is made (pairShardOf). A window holds at most
 * `budget` postings (or one file's), in arrays it reuses: filing all 14 M of the archive's pair
 * postings at once held 115 MB beside them, at the index step's peak of memory (the build's). Files
 * asked for in order are filed in a few passes (4 for the archive); a rebuild after an edit files a
 * few files' postings.
 */
function pairJobs(pairs: PostingChunks, files: PairFiles, shards: number, want: Uint8Array | null, maxDocs: number, budget: number): (n: number) => PairJob {
  const { fileOf, counts } = files;
  const wanted = (n: number) => want === null || want[n] === 1;
  let most = 0;
  let all = 0;
  for (let n = 0; n < shards; n++) {
    if (!wanted(n)) continue;
    most = Math.max(most, counts[n]!);
    all += counts[n]!;
  }
  const size = Math.min(all, Math.max(budget, most));
  const hashes = new Uint32Array(size);
  const docs = new Uint32Array(size);
  // where each file of the window starts in `hashes` and `docs`; the window is files first … end - 1
  const starts = new Uint32Array(shards + 1);
  let first = 0;
  let end = 0;
  const fill = (n: number): void => {
    let filled = 0;
    for (first = end = n; end < shards && (end === n || filled + (wanted(end) ? counts[end]! : 0) <= size); end++) {
      starts[end] = filled;
      if (wanted(end)) filled += counts[end]!;
    }
    starts[end] = filled;
    const at = starts.slice(first, end);
    let g = 0;
    pairs.scan((keys, from, to, doc) => {
      for (let i = from; i < to; i++) {
        const k = fileOf[g++]! - first;
        if (k < 0 || k >= at.length || !wanted(k + first)) continue;
        const place = at[k]!++;
        hashes[place] = keys[i]!;
        docs[place] = doc;
      }
    });
  };
  return (n) => {
    if (!wanted(n)) throw new Error(`search index: pair file ${n} was not asked for`);
    if (n < first || n >= end) fill(n);
    return { hashes: hashes.slice(starts[n]!, starts[n + 1]!), docs: docs.slice(starts[n]!, starts[n + 1]!), shards, maxDocs };
  };
}

/** The term postings once every article is in: counts, drops and shards by term number (createTermPostings). */
interface SealedTerms {
  /** every term's text by its number */
  names: readonly string[];
  /** how many articles have term n in the field */
  count(field: Field, n: number): number;
  /** the field's terms with their counts, in the order they first came */
  named(field: Field): [string, number][];
  /** leaves term n out of the lead and rest fields */
  drop(n: number): void;
  /**
   * the terms grouped by shard (termShardOf); each shard's postings are asked for once, as views
   * into arrays the shards share (copy them to hand them on: ownShard)
   */
  byShard(shards: number): { shard(n: number): ShardPayload; release(): void };
  /** lets the postings go */
  release(): void;
}

/**
 * The three fields' term postings by term number: each distinct term's text is kept once (`names`),
 * each posting is a (term number, doc) pair in typed arrays. Filing 20 M postings by their text into
 * maps of arrays took ~18 s of the archive's build and most of its garbage collection. Each field also
 * keeps the order its terms first came in: FlexSearch scores a term by its place in an article's text,
 * and the text it gets lists the article's terms in that order (as the maps this replaces did).
 */
function createTermPostings() {
  const names: string[] = [];
  const numbers = new Map<string, number>();
  // by thread: the thread's term number → ours
  const threads = new Map<number, number[]>();
  const fields = {} as Record<Field, { postings: ReturnType<typeof createPostingChunks>; seen: Uint8Array; order: number[] }>;
  // the numbers of one add(), ours, before they go to the postings in one piece
  let scratch = new Uint32Array(1024);
  for (const field of FIELDS) fields[field] = { postings: createPostingChunks(), seen: new Uint8Array(1 << 16), order: [] };

  const numberOf = (term: string): number => {
    let n = numbers.get(term);
    if (n === undefined) {
      n = names.length;
      numbers.set(term, n);
      names.push(term);
    }
    return n;
  };

  return {
    numberOf,
    names,
    /** files a thread's new terms; returns its numbers → ours */
    learn(thread: number, newTerms: readonly string[]): number[] {
      let ours = threads.get(thread);
      if (!ours) threads.set(thread, (ours = []));
      for (const term of newTerms) ours.push(numberOf(term));
      return ours;
    },
    /** the doc has these terms in the field: our numbers, or a thread's numbers with its map to ours */
    add(field: Field, list: ArrayLike<number>, doc: number, ours?: readonly number[]): void {
      const f = fields[field];
      if (!ours && list instanceof Uint32Array) {
        // our own numbers (a warm build's hits): only the order terms first come in is noted here
        let most = -1;
        for (let i = 0; i < list.length; i++) if (list[i]! > most) most = list[i]!;
        if (most >= f.seen.length) {
          const seen = new Uint8Array(Math.max(most + 1, f.seen.length * 2));
          seen.set(f.seen);
          f.seen = seen;
        }
        const seen = f.seen;
        for (let i = 0; i < list.length; i++) {
          const n = list[i]!;
          if (seen[n] === 0) {
            seen[n] = 1;
            f.order.push(n);
          }
        }
        f.postings.addMany(list, doc);
        return;
      }
      if (scratch.length < list.length) scratch = new Uint32Array(Math.max(list.length, scratch.length * 2));
      for (let i = 0; i < list.length; i++) {
        const n = ours ? ours[list[i]!] : list[i];
        if (n === undefined) throw new Error(`search index: term number ${list[i]} was never named by its thread`);
        if (n >= f.seen.length) {
          const seen = new Uint8Array(Math.max(n + 1, f.seen.length * 2));
          seen.set(f.seen);
          f.seen = seen;
        }
        if (f.seen[n] === 0) {
          f.seen[n] = 1;
          f.order.push(n);
        }
        scratch[i] = n;
      }
      f.postings.addMany(scratch.subarray(0, list.length), doc);
    },
    seal(): SealedTerms {
      numbers.clear();
      threads.clear();
      const total = names.length;
      const dropped = new Uint8Array(total);
      // per field, the postings as added (docs ascending) and how many docs each term has (starts[n + 1] - starts[n])
      const sealed = {} as Record<Field, { postings: PostingChunks; starts: Uint32Array; order: number[] }>;
      for (const field of FIELDS) {
        const { postings } = fields[field];
        const starts = new Uint32Array(total + 1);
        postings.scan((keys, from, to) => { for (let i = from; i < to; i++) starts[keys[i]! + 1]!++; });
        for (let n = 0; n < total; n++) starts[n + 1]! += starts[n]!;
        sealed[field] = { postings, starts, order: fields[field].order };
        fields[field].seen = new Uint8Array(0);
      }
      const count = (field: Field, n: number): number =>
        field !== 'title' && dropped[n] === 1 ? 0 : sealed[field].starts[n + 1]! - sealed[field].starts[n]!;
      return {
        names,
        count,
        named: (field) => sealed[field].order.filter((n) => count(field, n) > 0).map((n) => [names[n]!, count(field, n)]),
        drop(n) { dropped[n] = 1; },
        byShard(shards) {
          const shardOf = new Uint32Array(total);
          for (let n = 0; n < total; n++) shardOf[n] = termShardOf(names[n]!, shards);
          // per field, a counting sort of the postings by shard, then by the order the shard's terms
          // first came: a shard's terms (`ids`), their counts and their docs are each one run, so a
          // shard's payload (and its digest) is views, not copies
          const laid = {} as Record<Field, { ids: number[][]; firsts: Uint32Array; counts: Uint32Array; starts: Uint32Array; sorted: Uint32Array }>;
          for (const field of FIELDS) {
            const { postings, order } = sealed[field];
            const ids: number[][] = Array.from({ length: shards }, () => []);
            for (const n of order) if (count(field, n) > 0) ids[shardOf[n]!]!.push(n);
            // 1 + the rank of each term: its place in that order (0: not in the field's files)
            const rank = new Uint32Array(total);
            const firsts = new Uint32Array(shards + 1);
            let ranked = 0;
            for (let k = 0; k < shards; k++) {
              firsts[k] = ranked;
              for (const n of ids[k]!) rank[n] = ++ranked;
            }
            firsts[shards] = ranked;
            const counts = new Uint32Array(ranked);
            for (let k = 0; k < shards; k++) for (const n of ids[k]!) counts[rank[n]! - 1] = count(field, n);
            const starts = new Uint32Array(ranked + 1);
            for (let r = 0; r < ranked; r++) starts[r + 1] = starts[r]! + counts[r]!;
            const at = starts.slice(0, ranked);
            const sorted = new Uint32Array(starts[ranked]!);
            postings.scan((keys, from, to, doc) => {
              for (let i = from; i < to; i++) {
                const r = rank[keys[i]!]!;
                if (r !== 0) sorted[at[r - 1]!++] = doc;
              }
            });
            laid[field] = { ids, firsts, counts, starts, sorted };
            postings.release();
          }
          return {
            shard(k) {
              const out = {} as ShardPayload;
              for (const field of FIELDS) {
                const { ids, firsts, counts, starts, sorted } = laid[field];
                const from = firsts[k]!;
                const to = firsts[k + 1]!;
                out[field] = { terms: ids[k]!.map((n) => names[n]!), counts: counts.subarray(from, to), docs: sorted.subarray(starts[from]!, starts[to]!) };
                ids[k] = [];
              }
              return out;
            },
            release() {
              for (const field of FIELDS) laid[field] = { ids: [], firsts: new Uint32Array(1), counts: new Uint32Array(0), starts: new Uint32Array(1), sorted: new Uint32Array(0) };
            },
          };
        },
        release() {
          for (const field of FIELDS) {
            sealed[field].postings.release();
            sealed[field] = { ...sealed[field], starts: new Uint32Array(1), order: [] };
          }
          names.length = 0;
        },
      };
    },
  };
}

/** Words of 4 to 24 letters and how many articles have them, for typo correction (numbers, codes and IDs never). */
function vocabularyOf(postings: SealedTerms): [string, number][] {
  const out: [string, number][] = [];
  postings.names.forEach((term, n) => {
    if (term.length < 4 || term.length > 24 || !/^[a-z]+$/.test(term)) return;
    const title = postings.count('title', n);
    const all = title + postings.count('lead', n) + postings.count('rest', n);
    // a word seen in one article only is as likely a typo as a word: kept when a title has it
    if (all > 1 || title > 0) out.push([term, all]);
  });
  return out;
}

/** The browser's row of a cited code; the key is left out when it is the usual `family/name`. */
function codeRowOf(code: CitedCode): CodeRow {
  const row: CodeRow = [code.name, code.family, code.value, code.articles];
  if (code.key !== `${code.family}/${code.name.toLowerCase()}`) row.push(code.key);
  return row;
}

/** Every file below `dir`, as paths relative to it with `/` ([] when there is no such folder). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Removes the folders below `dir` that hold nothing (an older build's folder, once its files went). */
/**
 * Removes files below `dir`, 32 at a time: a rebuild that renumbers the articles replaces nearly every
 * file, and ~6,000 removals one after the other spent seconds waiting on the file system.
 */
async function removeFiles(dir: string, names: readonly string[]): Promise<void> {
  let next = 0;
  const remove = async (): Promise<void> => {
    while (next < names.length) await rm(path.join(dir, names[next++]!), { force: true });
  };
  await Promise.all(Array.from({ length: Math.min(32, names.length) }, remove));
}

async function removeEmptyFolders(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    await removeEmptyFolders(sub);
    if ((await readdir(sub)).length === 0) await rmdir(sub);
  }
}

/**
 * What a build made its term and pair files from, for the next build (FinishOptions.reuse): per file
 * the digest of its input (null for the files made from their text alone), its size and, for a pair
 * file, its PairFileNote; per group of
 * files (`terms/3`: files 12-15; `codes.json`) the whole SHA-1 of its bytes, whose first digits name
 * its files. `key` names the code and the layout that made them.
 */
interface ReuseRecord {
  key: string;
  files: Record<string, [input: string | null, size: number, pairs?: PairFileNote]>;
  groups: Record<string, string>;
}

/** A group of files on its way out (see finish): each file's text, or none when the group is kept whole. */
interface Group {
  group: number;
  items: { name: string; digest: string | null; text?: Promise<string> | string }[];
  /** the whole SHA-1 of the last build's group, when its files are kept as they are */
  kept?: string;
}

/**
 * The code that makes the index files: this module as it runs (its source under tsx, the bundle it is
 * part of otherwise). With the caller's key (the parse worker's fingerprint, which covers
 * export-shard.ts, format.ts and FlexSearch) it keys the reuse record. Null when it cannot be read.
 */
function ownCode(): string | null {
  try {
    return createHash('sha1').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex');
  } catch {
    return null;
  }
}

/**
 * Reads the last build's reuse record and removes it (a build that stops half way then leaves none);
 * `previous` is null unless it was made by the same code, caller's key and layout.
 */
async function openReuse(reuse: IndexReuse, layout: string): Promise<{ key: string; previous: ReuseRecord | null } | null> {
  const code = ownCode();
  if (code === null) return null;
  const key = createHash('sha1').update(`${FORMAT_VERSION}\0${reuse.key}\0${code}\0${layout}`).digest('hex');
  let previous: ReuseRecord | null = null;
  try {
    const parsed = JSON.parse(await readFile(reuse.file, 'utf8')) as ReuseRecord;
    if (parsed.key === key && parsed.files && parsed.groups) previous = parsed;
  } catch {
    // none, or unreadable: every file is made
  }
  await rm(reuse.file, { force: true });
  return { key, previous };
}

/** Writes the reuse record (through a rename: it is read only whole). */
async function saveReuse(file: string, record: ReuseRecord): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(record));
  await rename(`${file}.${process.pid}.tmp`, file);
}

/** A shard's payload in arrays of its own (a worker thread takes them: they are transferred). */
function ownShard(shard: ShardPayload): ShardPayload {
  const out = {} as ShardPayload;
  for (const field of FIELDS) out[field] = { terms: shard[field].terms, counts: shard[field].counts.slice(), docs: shard[field].docs.slice() };
  return out;
}

/** A digest of a term file's input: what exportShard makes it from, field by field. */
function termShardDigest(shard: ShardPayload): string {
  const h = createHash('sha1');
  for (const field of FIELDS) {
    const { terms, counts, docs } = shard[field];
    // terms are tokens (letters, digits, `_`, `.`): never a NUL
    h.update(`${field}\0${terms.length}\0${terms.join('\0')}\0`);
    h.update(counts);
    h.update(docs);
  }
  return h.digest('hex');
}
