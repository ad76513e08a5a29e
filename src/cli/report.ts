import { formatReport, ReportSchema } from '../report/format';

const USAGE = 'usage: REPORT_TOKEN=... npm run report -- [--url http://localhost:3978] [--json]';

/** Prints the staff report of a running bot (GET /api/report, with the shared REPORT_TOKEN). */
async function main(argv: string[]): Promise<number> {
  let url = 'http://localhost:3978';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--url' && argv[i + 1]) url = argv[++i] as string;
    else {
      console.error(`unknown argument: ${a}\n${USAGE}`);
      return 2;
    }
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

main(process.argv.slice(2)).then((code) => process.exit(code));
