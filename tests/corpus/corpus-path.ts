/**
 * Where the real corpus is: KB_CORPUS (an unpacked folder, or a folder holding kbarchive-kb.tar.gz),
 * else ../shared/corpus next to the repository. The tarball is unpacked once into the system temp folder.
 * Returns null when there is no corpus, so corpus tests can skip with a clear message.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const TARBALL = 'kbarchive-kb.tar.gz';

export const CORPUS_SKIP = 'real corpus not found (set KB_CORPUS or place ../shared/corpus next to the repo): corpus checks skipped';

/** Returns a folder whose tree holds the unpacked articles (…/kb/<bucket>/<id>/README.md), or null. */
export function corpusDir(): string | null {
  const candidate = process.env.KB_CORPUS ? path.resolve(process.env.KB_CORPUS) : path.resolve(repoRoot, '..', 'shared', 'corpus');
  if (!existsSync(candidate)) return null;
  const tarball = statSync(candidate).isFile() ? candidate : path.join(candidate, TARBALL);
  if (!existsSync(tarball)) {
    // already unpacked: accept a folder that holds kb/ or is kb/ itself
    return existsSync(path.join(candidate, 'kb')) ? path.join(candidate, 'kb') : candidate;
  }
  const target = path.join(tmpdir(), 'kbarchive-corpus');
  const kb = path.join(target, 'kb');
  if (!existsSync(kb) || readdirSync(kb).length < 300) {
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', target], { stdio: 'inherit' });
  }
  return kb;
}

/** The corpus folder, or a skip reason for node:test. */
export function corpusOrSkip(): { dir: string | null; skip: string | false } {
  const dir = corpusDir();
  return { dir, skip: dir ? false : CORPUS_SKIP };
}

/**
 * Puts a real article into a test's content folder: a hard link (no bytes copied), else a copy
 * (another file system). Never a symbolic link: the content walk refuses links leading outside the
 * content folder, as it must.
 */
export function placeArticle(source: string, target: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}
