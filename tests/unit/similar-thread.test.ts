/**
 * The build computes the similar articles on a thread of the parse worker's bundle, beside its search
 * index step, and writes site.json from the site data finished apart: the same bytes as finishing it whole.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadContent } from '../../lib/build/load';
import { createSiteDataBuilder, siteDataText } from '../../lib/build/site-data';
import { asciiJson } from '../../lib/build/read-text';
import { similarOnThread, startSimilarThread } from '../../lib/build/similar-thread';
import { parseWorker } from '../../lib/build/worker-build';
import { archiveArticle, contentFolder } from './load-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
// articles of two products whose titles and symptoms share words, so that most have similar articles
const words = ['printer', 'spooler', 'queue', 'driver', 'socket', 'winsock', 'timeout', 'network', 'modem', 'dialer'];
const files: Record<string, string> = {};
for (let i = 0; i < 24; i++) {
  const w = (k: number) => words[(i + k) % words.length]!;
  const id = `Q9${String(10001 + i)}`;
  files[`${id}.md`] = archiveArticle({ id, title: `${w(0)} ${w(1)} ${w(2)} fails`, product: i % 2 ? 'Contoso Widget' : 'Fabrikam Print', body: `The ${w(1)} ${w(3)} ${w(4)} stops when the ${w(2)} starts.` });
}
const content = contentFolder(files);
after(() => rmSync(content, { recursive: true, force: true }));

test('site data finished apart, its similar articles made on a thread: site.json byte for byte as finished whole', async () => {
  const whole = createSiteDataBuilder();
  const apart = createSiteDataBuilder();
  await loadContent({ contentDir: content, cacheDir: null, workers: 0, onRecord: (record) => { whole.add(record); apart.add(record); } });
  const expected = JSON.stringify(whole.finish());
  assert.ok(Object.keys((JSON.parse(expected) as { similar: object }).similar).length > 12, 'most articles have similar ones');
  const { site, similar } = apart.finishApart();
  assert.equal('similar' in site, false);
  const text = siteDataText(site);
  const worker = await parseWorker(root);
  assert.ok(worker.file, 'the parse worker bundle is built');
  const { similar: onThread } = await similarOnThread(worker.file, similar);
  // as ASCII JSON: the same value, each character past ASCII as its escape
  assert.equal(text.text(onThread), asciiJson(expected));
  assert.deepEqual(JSON.parse(text.text(onThread)), JSON.parse(expected));
  // escaped ahead of the similar articles (as the build does while it waits for them): the same
  text.prepare();
  assert.equal(text.text(onThread), asciiJson(expected));
});

test('without a bundle the similar articles are made in this thread, the same', async () => {
  const whole = createSiteDataBuilder();
  const apart = createSiteDataBuilder();
  await loadContent({ contentDir: content, cacheDir: null, workers: 0, onRecord: (record) => { whole.add(record); apart.add(record); } });
  const { site, similar } = apart.finishApart();
  assert.equal(siteDataText(site).text((await similarOnThread(null, similar)).similar), asciiJson(JSON.stringify(whole.finish())));
});

test('a thread started before its input gives the same similar articles; one cancelled unused ends', async () => {
  const whole = createSiteDataBuilder();
  const apart = createSiteDataBuilder();
  const worker = await parseWorker(root);
  assert.ok(worker.file);
  // started before the content is loaded, as a rebuild starts it
  const early = startSimilarThread(worker.file);
  const unused = startSimilarThread(worker.file);
  unused.cancel();
  await loadContent({ contentDir: content, cacheDir: null, workers: 0, onRecord: (record) => { whole.add(record); apart.add(record); } });
  const { site, similar } = apart.finishApart();
  assert.equal(siteDataText(site).text((await early.run(similar, null)).similar), asciiJson(JSON.stringify(whole.finish())));
});
