import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';

/**
 * The Bot Framework adapter, taking activities the service has already parsed and checked.
 * CloudAdapter.process(req, res) validates the body again with schemas it builds anew on every
 * request; the service's own check (IncomingActivitySchema) is stricter, so the turn starts here.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the request and runs the turn; resolves with what the HTTP response carries (invoke result or expected replies), if anything. */
  processChecked(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    // Timestamps arrive as strings: botbuilder turns them into dates (and keeps the raw text).
    return this.processActivity(authHeader, validateAndFixActivity(activity), logic);
  }
}
