/**
 * The `kb` command line: `npx kb <command> [args]`.
 * Each command lives in scripts/cli/<command>.ts and exports `run(args): Promise<number>` (the exit code).
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  parse: { summary: 'parse <file-or-dir> --json      print one record per line (JSON lines)', load: () => import('./cli/parse') },
  check: { summary: 'check <dir> [--json] [--strict] validate articles without rendering', load: () => import('./cli/check') },
  index: { summary: 'index                           build the search index for KB_CONTENT_DIR (or content/)', load: () => import('./cli/index') },
  search: { summary: 'search "query" --json [--limit N] [--stdin]   query the search index', load: () => import('./cli/search') },
  'host-config': { summary: 'host-config <nginx|apache|caddy|netlify|cloudfront> --root DIR [--port N]   server configuration with every article address', load: () => import('./cli/host-config') },
  lookup: { summary: 'lookup <code> [--json]          every reading of an error code, and the articles citing it', load: () => import('./cli/lookup') },
};

// `kb search … --stdin | head -1`: the reader has gone; end quietly, as Unix tools do
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function usage(): string {
  return ['usage: kb <command> [args]', '', ...Object.values(commands).map((c) => `  kb ${c.summary}`)].join('\n');
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`kb: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(args);
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`kb: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
