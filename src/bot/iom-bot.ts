import { ActivityTypes, StatusCodes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { createDialogs, DIALOG_FOR_ENTRY } from '../../dialogs';
import type { Brain } from '../app';
import { type Lang, LangSchema, LANGS } from '../kb/schema';
import type { Logger } from '../log';
import { BoundedCache } from '../util/bounded-cache';
import { localeToLang } from '../nlu/language';
import { normalizeText } from '../nlu/normalize';
import type { Decision } from '../nlu/understand';
import { isLinkOption, renderDecision, renderEntry } from '../reply/render';
import { replyActivity } from './activity';
import { recordFeedback } from './feedback';
import { feedbackReply, menuReply, textReply, welcomeReply } from './replies';
import { type BotState, type ConversationData, ConversationDataSchema, type UserProfile, UserProfileSchema } from './state';
import { SOURCE_TAG, StatsRecorder } from './stats';
import { startTurn, type Turn } from './turn';
import { DialogRunner, type TurnDialogs } from './turn-dialogs';

/** "/start" or "/start TAG" (Telegram deep links, QR codes): a new conversation, maybe with its source. */
const START_COMMAND = /^\/start(?:\s+(\S+))?\s*$/;
/** More than all the option labels the knowledge base and locales can produce. */
const LABEL_CACHE_SIZE = 2_000;

export interface BotDeps {
  brain: Brain;
  state: BotState;
  log: Logger;
  stats?: StatsRecorder;
}

/**
 * The IOM Morocco assistant: understands each message with the shared pipeline, answers from the
 * knowledge base or locales, and runs the guided dialogs. Remembers only the conversation's
 * language, dialog position and last choices.
 */
export class IomBot {
  private readonly conversationData: StatePropertyAccessor<unknown>;
  private readonly userProfile: StatePropertyAccessor<unknown>;
  private readonly dialogs: DialogRunner;
  private readonly brain: Brain;
  private readonly state: BotState;
  private readonly log: Logger;
  readonly stats: StatsRecorder;
  private readonly labels = new BoundedCache<string, string>(LABEL_CACHE_SIZE);
  private readonly phrases: { cancel: Set<string>; forget: Set<string>; yes: Set<string>; no: Set<string> };

  constructor({ brain, state, log, stats }: BotDeps) {
    this.brain = brain;
    this.state = state;
    this.log = log;
    this.stats = stats ?? new StatsRecorder();
    this.conversationData = state.conversationState.createProperty('conversation');
    this.userProfile = state.userState.createProperty('profile');
    const dialogState = state.conversationState.createProperty<DialogState>('dialogs');
    this.dialogs = new DialogRunner(createDialogs(dialogState), dialogState);
    const collect = (pick: (l: Lang) => string[]) => new Set(LANGS.flatMap((l) => pick(l).map(normalizeText)));
    this.phrases = {
      cancel: collect((l) => brain.locales.triggers[l].cancel),
      forget: collect((l) => brain.locales.triggers[l].forget),
      yes: collect((l) => brain.locales.triggers[l].yes),
      no: collect((l) => brain.locales.triggers[l].no),
    };
  }

  /**
   * Runs a turn, then saves the state it changed. Messages are answered; a conversation update that
   * adds someone other than the bot gets the welcome; an invoke gets "not implemented" (501);
   * other activities (typing, events, reactions) get nothing.
   */
  async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type === ActivityTypes.Message) {
      await this.handleMessage(context);
    } else if (activity.type === ActivityTypes.ConversationUpdate) {
      const added = activity.membersAdded ?? [];
      if (added.some((m) => m.id !== activity.recipient?.id)) await this.welcome(context);
    } else if (activity.type === ActivityTypes.Invoke) {
      // No invoke operation is offered (as botbuilder's ActivityHandler answers unknown ones).
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: StatusCodes.NOT_IMPLEMENTED } });
    }
    await this.state.conversationState.saveChanges(context, false);
    await this.state.userState.saveChanges(context, false);
  }

  private async loadData(context: TurnContext): Promise<ConversationData> {
    const raw = await this.conversationData.get(context, {});
    const parsed = ConversationDataSchema.safeParse(raw);
    const data = parsed.success ? parsed.data : ConversationDataSchema.parse({});
    await this.conversationData.set(context, data);
    return data;
  }

  private async loadProfile(context: TurnContext): Promise<UserProfile> {
    const parsed = UserProfileSchema.safeParse(await this.userProfile.get(context, {}));
    const profile = parsed.success ? parsed.data : {};
    await this.userProfile.set(context, profile);
    return profile;
  }

  private async welcome(context: TurnContext): Promise<void> {
    const data = await this.loadData(context);
    const profile = await this.loadProfile(context);
    const lang = data.lang ?? profile.lang ?? localeToLang(context.activity.locale) ?? 'fr';
    data.lang = lang;
    const source: unknown = (context.activity.channelData as { source?: unknown } | undefined)?.source;
    if (typeof source === 'string' && SOURCE_TAG.test(source)) data.source = source;
    this.markWelcomed(data);
    await startTurn(context, this.brain, lang, data).send(welcomeReply(this.brain, lang, true));
  }

  /** The first turn of a conversation: counted once, per source tag. */
  private markWelcomed(data: ConversationData): void {
    if (data.welcomed) return;
    data.welcomed = true;
    this.stats.conversationStarted(data.source);
  }

  /** Option labels come from the knowledge base and locales: a bounded set, normalised once each. */
  private normalizedLabel(label: string): string {
    return this.labels.getOrSet(label, () => normalizeText(label));
  }

  /** The option the user chose: a button's label, its number, or a yes/no word when yes/no is offered. */
  private resolvePick(text: string, normalized: string, data: ConversationData): string | undefined {
    const options = data.options;
    if (options.length === 0) return undefined;
    const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
    if (number) return options[Number(number[1]) - 1]?.value;
    const byLabel = options.find((o) => this.normalizedLabel(o.label) === normalized);
    if (byLabel) return byLabel.value;
    const offers = (value: string) => options.some((o) => o.value === value);
    if (offers('dialog:yes') && this.phrases.yes.has(normalized)) return 'dialog:yes';
    if (offers('dialog:no') && this.phrases.no.has(normalized)) return 'dialog:no';
    return undefined;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const data = await this.loadData(context);
    const profile = await this.loadProfile(context);
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const known = data.lang ?? profile.lang;
    const fallbackLang: Lang = known ?? localeToLang(activity.locale) ?? 'fr';
    const dialogs = await this.dialogs.forTurn(context);

    if (!text) {
      // Images, voice notes, stickers, locations, files, or an empty message.
      await dialogs.cancelAll();
      const turn = startTurn(context, this.brain, fallbackLang, data);
      const hasMedia = (activity.attachments ?? []).length > 0 || activity.value !== undefined;
      await turn.send(menuReply(this.brain, fallbackLang, hasMedia ? 'reply.nonText' : 'reply.menu'));
      this.markWelcomed(data);
      return;
    }

    const start = START_COMMAND.exec(text);
    if (start) {
      const tag = start[1] && SOURCE_TAG.test(start[1]) ? start[1] : undefined;
      if (tag && !data.source) {
        if (data.welcomed) this.stats.conversationSourced(tag);
        data.source = tag;
      }
      await dialogs.cancelAll();
      this.markWelcomed(data);
      await startTurn(context, this.brain, fallbackLang, data).send(welcomeReply(this.brain, fallbackLang, true));
      return;
    }

    const normalized = normalizeText(text);
    const pick = this.resolvePick(text, normalized, data);
    let decision: Decision | undefined;
    let lang: Lang;
    if (pick) {
      lang = fallbackLang;
    } else {
      decision = this.brain.engine.understand(text, {
        conversationLang: known,
        langChosen: data.langChosen,
        channelLocale: activity.locale,
      });
      lang = decision.lang;
      if (decision.command === 'language') {
        data.langChosen = true;
        profile.lang = lang;
      }
    }
    data.lang = lang;
    const turn = startTurn(context, this.brain, lang, data, pick);
    if (this.log.verbose) this.log.debug('turn.understood', { text, pick, decision });
    else this.log.debug('turn.understood', { kind: decision?.kind ?? 'pick', topic: decision?.topic, lang });

    if (!data.welcomed) {
      this.markWelcomed(data);
      await turn.send(welcomeReply(this.brain, lang, decision?.command === 'greeting'));
      if (decision?.command === 'greeting') return;
    }

    if (pick === 'command:forget' || (!pick && this.phrases.forget.has(normalized))) {
      await this.forget(dialogs, turn);
      return;
    }

    if (!pick && this.phrases.cancel.has(normalized)) {
      await dialogs.cancelAll();
      await turn.send(menuReply(this.brain, lang, 'reply.cancelled'));
      return;
    }

    if (dialogs.active) {
      if (pick?.startsWith('dialog:')) {
        await dialogs.continue();
        return;
      }
      // Anything else than the dialog's own choices is a new question: the dialog gives way.
      await dialogs.cancelAll();
    }

    if (pick) await this.handlePick(turn, pick, dialogs, profile);
    else if (decision) await this.handleDecision(turn, decision, dialogs);
  }

  private async handlePick(turn: Turn, pick: string, dialogs: TurnDialogs, profile: UserProfile): Promise<void> {
    const { brain } = turn;
    const [kind, arg, extra] = pick.split(':');
    if (isLinkOption({ label: '', value: pick })) {
      await turn.send({ lang: turn.lang, locale: brain.locales.translator(turn.lang)('meta.locale'), text: pick.replace(/^tel:/, ''), options: turn.data.options });
      return;
    }
    if (kind === 'entry' && arg) {
      await this.answerEntry(turn, arg, dialogs);
      return;
    }
    if (kind === 'lang') {
      const lang = LangSchema.safeParse(arg);
      if (lang.success) {
        turn.lang = lang.data;
        turn.data.lang = lang.data;
        turn.data.langChosen = true;
        profile.lang = lang.data;
        await turn.send(menuReply(brain, lang.data, 'reply.languageSwitched'));
        return;
      }
    }
    if (kind === 'feedback' && extra && brain.kb.byId.has(extra)) {
      const helpful = arg === 'yes';
      await recordFeedback(this.state.storage, extra, helpful);
      this.log.info('feedback', { entry: extra, helpful });
      await turn.send(menuReply(brain, turn.lang, helpful ? 'feedback.thanksYes' : 'feedback.thanksNo'));
      return;
    }
    if (kind === 'command' && arg === 'help') {
      await turn.send(menuReply(brain, turn.lang, 'reply.help'));
      return;
    }
    await turn.send(menuReply(brain, turn.lang));
  }

  private async answerEntry(turn: Turn, entryId: string, dialogs: TurnDialogs): Promise<void> {
    const dialogId = DIALOG_FOR_ENTRY[entryId];
    if (dialogId) {
      await dialogs.cancelAll();
      await dialogs.begin(dialogId, { startAt: entryId });
      return;
    }
    await turn.send({ ...renderEntry(turn.brain, turn.lang, entryId), options: [] });
    await turn.send(feedbackReply(turn.brain, turn.lang, entryId));
  }

  private async handleDecision(turn: Turn, decision: Decision, dialogs: TurnDialogs): Promise<void> {
    const { brain } = turn;
    this.stats.question(decision.kind === 'clarify' ? '(clarify)' : decision.topic, turn.lang);
    if (decision.kind === 'none') this.stats.notAnswered(dialogs.context.activity.text ?? '', turn.lang);
    if (decision.kind === 'answer' && decision.entry) {
      await this.answerEntry(turn, decision.entry, dialogs);
      return;
    }
    if (decision.kind === 'answer' && decision.command === 'help') {
      await turn.send(menuReply(brain, turn.lang, 'reply.help'));
      return;
    }
    await turn.send(renderDecision(brain, decision));
  }

  /** "Forget me": deletes the conversation's and the user's state, then confirms (nothing is saved after). */
  private async forget(dialogs: TurnDialogs, turn: Turn): Promise<void> {
    const context = dialogs.context;
    await dialogs.cancelAll();
    await this.state.conversationState.delete(context);
    await this.state.userState.delete(context);
    // Sent directly, not through turn.send: nothing (not even the options offered) is kept afterwards.
    await context.sendActivity(replyActivity(this.brain, menuReply(this.brain, turn.lang, 'reply.forgotten'), context.activity.channelId));
    this.log.info('user.forgotten');
  }

  /** Sends the apology in the conversation's language and forgets the conversation's state. */
  async recoverFromError(context: TurnContext): Promise<void> {
    let lang: Lang = localeToLang(context.activity?.locale) ?? 'fr';
    try {
      const data = ConversationDataSchema.safeParse(await this.conversationData.get(context, {}));
      if (data.success && data.data.lang) lang = data.data.lang;
    } catch {
      // The state itself may be what failed: the locale or French will do.
    }
    if (context.activity?.type === ActivityTypes.Message) {
      const reply = textReply(this.brain, lang, 'reply.error');
      await context.sendActivity({ type: ActivityTypes.Message, text: reply.text, locale: reply.locale });
    }
    await this.state.conversationState.delete(context);
  }
}
