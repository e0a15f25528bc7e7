/**
 * The build's children ask glibc's malloc for transparent huge pages (scripts/build-steps.ts
 * hugePagesEnv): the tunable is added once, next to the caller's own tunables, only on Linux, and
 * KB_HUGE_PAGES=0 leaves the environment alone. A child the build runs sees it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hugePagesEnv as withHugePages, runChild } from '../../scripts/build-steps';

/** hugePagesEnv over a plain environment. */
const hugePagesEnv = (env: Record<string, string | undefined>): Record<string, string | undefined> => withHugePages(env);

const linux = process.platform === 'linux';

test('hugePagesEnv adds glibc.malloc.hugetlb=1 on Linux, once, beside other tunables', { skip: linux ? false : 'not Linux: the environment is left as it is' }, () => {
  assert.equal(hugePagesEnv({ PATH: '/bin' }).GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1');
  assert.equal(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES, 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  // a choice of the caller's wins (0: no huge pages), and is not added twice
  assert.equal(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }).GLIBC_TUNABLES, 'glibc.malloc.hugetlb=0');
  assert.equal(hugePagesEnv({ KB_HUGE_PAGES: '0' }).GLIBC_TUNABLES, undefined);
  // the caller's object is not changed
  const env = { PATH: '/bin' };
  hugePagesEnv(env);
  assert.deepEqual(env, { PATH: '/bin' });
});

test('a child the build runs gets the tunable; KB_HUGE_PAGES=0 runs it without', { skip: linux ? false : 'not Linux' }, async () => {
  const check = ['-e', 'process.exit(/(^|:)glibc\\.malloc\\.hugetlb=1(:|$)/.test(process.env.GLIBC_TUNABLES ?? "") ? 0 : 3)'];
  const { GLIBC_TUNABLES: _none, ...env } = process.env;
  assert.equal(await runChild(check, env, process.cwd()), 0);
  assert.equal(await runChild(check, { ...env, KB_HUGE_PAGES: '0' }, process.cwd()), 3);
});
