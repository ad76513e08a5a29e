import { loadDotEnv } from '../config';
import { formatReport, ReportSchema } from '../report/format';

const USAGE =
  'usage: REPORT_TOKEN=... npm run report -- [--url URL] [--json]\n' +
  '  without --url: the bot on this machine, on PORT (default 3978) and HOST (when set to an address other than 0.0.0.0 / ::)';

/** Hosts that mean "every interface" when the bot listens: the report then calls it on localhost. */
const ANY_HOST = new Set(['0.0.0.0', '::', '[::]']);

/** The bot's address from the same PORT and HOST settings it starts with; undefined when PORT is not a port number. */
function botUrl(env: NodeJS.ProcessEnv): string | undefined {
  const portText = env.PORT?.trim() || '3978';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return undefined;
  const host = env.HOST?.trim() || '0.0.0.0';
  const name = ANY_HOST.has(host) ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** Prints the staff report of a running bot (GET /api/report, with the shared REPORT_TOKEN). */
async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  let url: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--url' && argv[i + 1]) url = argv[++i];
    else {
      console.error(`unknown argument: ${a}\n${USAGE}`);
      return 2;
    }
  }
  url ??= botUrl(process.env);
  if (!url) {
    console.error(`PORT is not a port number: give the bot's address with --url.\n${USAGE}`);
    return 2;
  }
  const token = process.env.REPORT_TOKEN;
  if (!token) {
    console.error(`REPORT_TOKEN is not set: use the same value as the bot's.\n${USAGE}`);
    return 2;
  }
  let res: Response;
  try {
    res = await fetch(new URL('/api/report', url), { headers: { authorization: `Bearer ${token}` } });
  } catch {
    // An invalid --url lands here too.
    console.error(`cannot reach the bot at ${url}: is it running?`);
    return 1;
  }
  if (res.status === 404) {
    console.error('the bot does not serve the report: start it with REPORT_TOKEN set.');
    return 1;
  }
  if (res.status === 401) {
    console.error("REPORT_TOKEN does not match the bot's.");
    return 1;
  }
  const parsed = ReportSchema.safeParse(await res.json().catch(() => undefined));
  if (!res.ok || !parsed.success) {
    console.error(`unexpected answer from ${url} (HTTP ${res.status})`);
    return 1;
  }
  console.log(json ? JSON.stringify(parsed.data) : formatReport(parsed.data));
  return 0;
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
