import { OWN_PAGE_CHANNEL_ID } from '../bot/activity';
import { randomBytes } from 'node:crypto';
import { type Activity, ActivityTypes, type CloudAdapter, type Storage, type TurnContext } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  ClaimsIdentity,
} from 'botframework-connector';
import type restify from 'restify';
import { z } from 'zod';
import { SOURCE_TAG } from '../bot/stats';
import { LangSchema } from '../kb/schema';
import type { Logger } from '../log';
import { sendError, sendJson } from './http-responses';
import { InFlightLimiter, RateLimiter } from './rate-limit';

/** Longest message the web chat accepts, in characters (the page enforces it too). */
export const WEBCHAT_MAX_TEXT = 1000;
const CONVERSATION_KEY = (id: string) => `webchat-conversation/${id}`;
const CONVERSATION_ID = /^[A-Za-z0-9_-]{24,64}$/;
/** Each web chat conversation has its own user: nothing (not even a language) carries over between visitors. */
const userId = (conversationId: string) => `webchat-user-${conversationId}`;
const BOT_ID = 'iom-bot';
/** Replies never leave the process for web chat: expectReplies returns them in the response. */
const INTERNAL_SERVICE_URL = 'http://127.0.0.1:9/';
/** Web chat requests one client address may have in flight at once: one visitor cannot take every turn of the CPU. */
const MAX_IN_FLIGHT_PER_CLIENT = 2;

const StartSchema = z.object({
  source: z.string().regex(SOURCE_TAG).optional().catch(undefined),
  locale: z.string().max(35).optional().catch(undefined),
});

const MessageSchema = z.object({ text: z.string() });

export interface WebchatOptions {
  adapter: CloudAdapter;
  /** The adapter's own authentication, to build connectors for this in-process channel. */
  auth: BotFrameworkAuthentication;
  /** The bot's Microsoft App Id, when it has one. */
  appId?: string;
  storage: Storage;
  logic: (context: TurnContext) => Promise<void>;
  rateLimit: { requests: number; windowMs: number };
  /** The client's address for rate limiting (req.socket address, or the proxy's header when trusted). */
  clientKey: (req: restify.Request) => string;
  /** Logs a failure (never sent to the client). */
  onError: (err: unknown) => void;
  log?: Logger;
}

/** What the page needs of a bot reply: text, locale, buttons and links. */
export interface WebchatActivity {
  type: string;
  text?: string;
  locale?: string;
  suggestedActions?: unknown;
  attachments?: unknown;
  /** Only the "forget me" mark: the page clears its log and its stored conversation id. */
  channelData?: { iomForget: true };
}

function newConversationId(): string {
  return randomBytes(24).toString('base64url');
}

/** The bot marks its "forget me" confirmation (channelData.iomForget): the conversation's record goes too. */
function asksToForget(activity: Partial<Activity>): boolean {
  return (activity.channelData as { iomForget?: unknown } | undefined)?.iomForget === true;
}

/**
 * The web chat's own endpoint (POST /api/webchat/...): the page cannot post to the authenticated
 * /api/messages, so this one hands its messages to the same adapter and bot as an anonymous
 * channel "webchat", with conversation ids issued by the server, size limits and a per-client
 * rate limit.
 */
export function mountWebchat(server: restify.Server, options: WebchatOptions): void {
  const { adapter, storage, logic } = options;
  const limiter = new RateLimiter(options.rateLimit.requests, options.rateLimit.windowMs);
  const inFlight = new InFlightLimiter(MAX_IN_FLIGHT_PER_CLIENT);
  // The page's requests were checked here (ids, size, rate), not by a Bot Framework token: like the
  // adapter's named-pipe transport, the request's identity is the bot's own.
  const claimsIdentity = options.appId
    ? new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: options.appId },
        { type: AuthenticationConstants.AppIdClaim, value: options.appId },
      ])
    : new ClaimsIdentity([]);
  const authResult: AuthenticateRequestResult = {
    claimsIdentity,
    audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
    connectorFactory: options.auth.createConnectorFactory(claimsIdentity),
  };

  async function run(activity: Partial<Activity>): Promise<{ activities: WebchatActivity[]; forget: boolean }> {
    const full: Partial<Activity> = {
      channelId: OWN_PAGE_CHANNEL_ID,
      serviceUrl: INTERNAL_SERVICE_URL,
      recipient: { id: BOT_ID, name: 'IOM' },
      deliveryMode: 'expectReplies',
      timestamp: new Date(),
      ...activity,
    };
    // With expectReplies the turn buffers its replies in one array on the context (the error
    // handler's apology too); the context itself is revoked once the turn ends, the array is not.
    let replies: Array<Partial<Activity>> = [];
    await adapter.processActivityDirect(authResult, full as Activity, async (context) => {
      replies = context.bufferedReplyActivities;
      await logic(context);
    });
    const messages = replies.filter((a) => a.type === ActivityTypes.Message);
    return {
      activities: messages.map((a) => ({
        type: String(a.type),
        text: a.text,
        locale: a.locale,
        suggestedActions: a.suggestedActions,
        attachments: a.attachments,
        ...(asksToForget(a) ? { channelData: { iomForget: true as const } } : {}),
      })),
      forget: messages.some(asksToForget),
    };
  }

  async function startConversation(source?: string, locale?: string): Promise<{ conversationId: string; activities: WebchatActivity[] }> {
    const conversationId = newConversationId();
    await storage.write({ [CONVERSATION_KEY(conversationId)]: { created: Date.now() } });
    const lang = LangSchema.safeParse(locale?.slice(0, 2).toLowerCase());
    const { activities } = await run({
      type: ActivityTypes.ConversationUpdate,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: userId(conversationId), name: '' },
      membersAdded: [{ id: userId(conversationId), name: '' }],
      locale: lang.success ? lang.data : undefined,
      channelData: source ? { source } : undefined,
    });
    return { conversationId, activities };
  }

  /** Runs `work` for the request's client unless it is over its rate or already has its share of requests in flight (429). */
  async function forClient(req: restify.Request, res: restify.Response, work: () => Promise<unknown>): Promise<void> {
    const client = options.clientKey(req);
    const wait = limiter.take(client);
    const release = wait === 0 ? inFlight.enter(client) : undefined;
    if (!release) {
      res.header('Retry-After', String(Math.max(1, wait)));
      return sendError(res, 429, 'too many requests, try again shortly');
    }
    try {
      sendJson(res, 200, await work(), options.log);
    } catch (err) {
      options.onError(err);
      sendError(res, 500, 'the assistant could not answer; try again');
    } finally {
      release();
    }
  }

  server.post('/api/webchat/conversations', async (req, res) => {
    if (!req.is('json')) return sendError(res, 415, 'expected application/json');
    const start = StartSchema.safeParse(req.body ?? {});
    const { source, locale } = start.success ? start.data : {};
    await forClient(req, res, () => startConversation(source, locale));
  });

  server.post('/api/webchat/conversations/:id/activities', async (req, res) => {
    if (!req.is('json')) return sendError(res, 415, 'expected application/json');
    const message = MessageSchema.safeParse(req.body);
    if (!message.success) return sendError(res, 400, 'expected {"text": "..."}');
    if (message.data.text.length > WEBCHAT_MAX_TEXT) return sendError(res, 413, `message longer than ${WEBCHAT_MAX_TEXT} characters`);
    await forClient(req, res, () => converse(String(req.params.id ?? ''), message.data.text));
  });

  async function converse(id: string, text: string): Promise<{ conversationId: string; activities: WebchatActivity[] }> {
    const known = CONVERSATION_ID.test(id) && (await storage.read([CONVERSATION_KEY(id)]))[CONVERSATION_KEY(id)] !== undefined;
    // An unknown or expired id never reaches anyone's state: the sender gets a new conversation.
    let conversationId = id;
    const welcome: WebchatActivity[] = [];
    if (known) {
      // An active conversation stays known for as long as its state (idle expiry).
      await storage.write({ [CONVERSATION_KEY(id)]: { seen: Date.now() } });
    } else {
      const started = await startConversation();
      conversationId = started.conversationId;
      welcome.push(...started.activities);
    }
    const replies = await run({
      type: ActivityTypes.Message,
      id: randomBytes(8).toString('hex'),
      text,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: userId(conversationId), name: '' },
    });
    // "Forget me": the bot deleted the conversation's state; its record goes too, so the id stops working.
    if (replies.forget) await storage.delete([CONVERSATION_KEY(conversationId)]);
    return { conversationId, activities: [...welcome, ...replies.activities] };
  }
}
