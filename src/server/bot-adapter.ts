import { type Activity, CloudAdapter, type InvokeResponse, type ResourceResponse, type TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';

class OutboundTimeout extends Error {
  constructor(ms: number) {
    super(`the channel service did not answer within ${ms} ms`);
    this.name = 'OutboundTimeout';
  }
}

/**
 * The Bot Framework adapter, taking activities the service has already parsed and checked.
 * CloudAdapter.process(req, res) validates the body again with schemas it builds anew on every
 * request; the service's own check (IncomingActivitySchema) is stricter, so the turn starts here.
 */
export class BotAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    /** A reply sent to a channel service (not buffered by expectReplies) fails after this long. */
    private readonly outboundTimeoutMs = 10_000,
  ) {
    super(auth);
  }

  /** Authenticates the request and runs the turn; resolves with what the HTTP response carries (invoke result or expected replies), if anything. */
  processChecked(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    // Timestamps arrive as strings: botbuilder turns them into dates (and keeps the raw text).
    return this.processActivity(authHeader, validateAndFixActivity(activity), logic);
  }

  /**
   * Sends replies with a deadline: botbuilder's connector client has none (and its options cannot
   * give one: its factory replaces the request policies), so a channel service that accepts the
   * connection and never answers would hold the turn, its HTTP request and a shutdown for ever.
   */
  override sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const sending = super.sendActivities(context, activities);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OutboundTimeout(this.outboundTimeoutMs)), this.outboundTimeoutMs);
    });
    return Promise.race([sending, deadline]).finally(() => clearTimeout(timer));
  }
}
