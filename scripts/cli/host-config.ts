/**
 * `kb host-config <nginx|apache|caddy|netlify|cloudfront> --root DIR [--port N]`: prints the configuration that
 * serves the export in DIR with every historic article address redirected (KB_BASE_PATH honoured).
 */
import { parseArgs } from 'node:util';
import { HOSTS, hostConfig, type Host } from '../../lib/hosting/host-config/index';
import { normalizeBasePath } from '../../lib/site-config';

const USAGE = `usage: kb host-config <${HOSTS.join('|')}> --root DIR [--port N]`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { root: { type: 'string' }, port: { type: 'string' } } });
  } catch (error) {
    console.error(`kb host-config: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [host, ...rest] = parsed.positionals;
  if (!host || !(HOSTS as readonly string[]).includes(host) || rest.length || !parsed.values.root) {
    console.error(USAGE);
    return 2;
  }
  const port = Number(parsed.values.port ?? 8080);
  if (!/^\d{1,5}$/.test(parsed.values.port ?? '8080') || port < 1 || port > 65535) {
    console.error(`kb host-config: --port must be a number from 1 to 65535\n${USAGE}`);
    return 2;
  }
  try {
    process.stdout.write(hostConfig(host as Host, { root: parsed.values.root, port, basePath: normalizeBasePath(process.env.KB_BASE_PATH) }));
    return 0;
  } catch (error) {
    console.error(`kb host-config: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
