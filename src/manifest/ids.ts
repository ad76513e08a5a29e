import { PackageError, type AppIds, type PackageProblem } from './types';

/** The Teams schema's GUID pattern. */
export const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** The environment variables read: the bot's app id (as for the service) and the Teams app id. */
export const BOT_ID_VARIABLE = 'MicrosoftAppId';
export const TEAMS_APP_ID_VARIABLE = 'TEAMS_APP_ID';

const EXAMPLE = '00000000-0000-0000-0000-000000000000';

function value(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/**
 * Reads the ids from the environment: `MicrosoftAppId` (the Azure Bot's app id, required) and
 * `TEAMS_APP_ID` (the Teams app's id, default: the bot id). Both must be GUIDs.
 */
export function readAppIds(env: Readonly<Record<string, string | undefined>>): AppIds {
  const problems: PackageProblem[] = [];
  const botId = value(env, BOT_ID_VARIABLE);
  if (botId === undefined) {
    problems.push({ where: BOT_ID_VARIABLE, message: `is required: the Azure Bot's Microsoft App ID, a GUID such as ${EXAMPLE}` });
  } else if (!GUID.test(botId)) {
    problems.push({ where: BOT_ID_VARIABLE, message: `must be a GUID such as ${EXAMPLE}, got "${botId}"` });
  }
  const teamsAppId = value(env, TEAMS_APP_ID_VARIABLE);
  if (teamsAppId !== undefined && !GUID.test(teamsAppId)) {
    problems.push({
      where: TEAMS_APP_ID_VARIABLE,
      message: `must be a GUID such as ${EXAMPLE}, got "${teamsAppId}" (leave it unset to use the bot id)`,
    });
  }
  if (problems.length > 0 || botId === undefined) throw new PackageError(problems);
  return { botId, teamsAppId: teamsAppId ?? botId };
}
