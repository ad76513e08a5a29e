import { ActivityTypes, StatusCodes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { createDialogs, DIALOG_FOR_ENTRY } from '../../dialogs';
import type { Brain } from '../app';
import { type Lang, LangSchema } from '../kb/schema';
import type { Logger } from '../log';
import { DEFAULT_LANG, localeToLang } from '../nlu/language';
import type { Decision } from '../nlu/decision';
import { SAFETY_ENTRIES, SAFETY_TOPIC } from '../nlu/routes';
import { allTopicsReply, isLinkOption, renderDecision, renderEntry, renderFacet } from '../reply/render';
import { replyActivity } from './activity';
import { recordFeedback } from './feedback';
import { feedbackReply, menuReply, textReply, welcomeReply } from './replies';
import { type BotState, type ConversationData, ConversationDataSchema, type UserProfile, UserProfileSchema } from './state';
import { SOURCE_TAG, StatsRecorder } from './stats';
import { startTurn, type Turn } from './turn';
import { DialogRunner, type TurnDialogs } from './turn-dialogs';

/** "/start" or "/start TAG" (Telegram deep links, QR codes): a new conversation, maybe with its source. */
const START_COMMAND = /^\/start(?:\s+(\S+))?\s*$/;
/** Where the bot's data lives in the conversation state and in the user state. */
const CONVERSATION_PROPERTY = 'conversation';
const PROFILE_PROPERTY = 'profile';
/** Marks the reply to "forget me": a web chat page clears its log and its stored conversation id. */
export const FORGET_MARK = { iomForget: true } as const;

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
  private readonly dialogs: DialogRunner;
  private readonly brain: Brain;
  private readonly state: BotState;
  private readonly log: Logger;
  readonly stats: StatsRecorder;

  constructor({ brain, state, log, stats }: BotDeps) {
    this.brain = brain;
    this.state = state;
    this.log = log;
    this.stats = stats ?? new StatsRecorder();
    this.conversationData = state.conversationState.createProperty(CONVERSATION_PROPERTY);
    const dialogState = state.conversationState.createProperty<DialogState>('dialogs');
    this.dialogs = new DialogRunner(createDialogs(dialogState), dialogState);
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

  /**
   * The conversation's data, validated, in the conversation state (read once a turn). The state
   * object is used directly rather than through property accessors: the same reads and writes,
   * without their extra promises on every turn.
   */
  private async loadData(context: TurnContext): Promise<ConversationData> {
    const state = await this.state.conversationState.load(context);
    const parsed = ConversationDataSchema.safeParse(state[CONVERSATION_PROPERTY] ?? {});
    const data = parsed.success ? parsed.data : ConversationDataSchema.parse({});
    state[CONVERSATION_PROPERTY] = data;
    return data;
  }

  private async loadProfile(context: TurnContext): Promise<UserProfile> {
    const state = await this.state.userState.load(context);
    const parsed = UserProfileSchema.safeParse(state[PROFILE_PROPERTY] ?? {});
    const profile = parsed.success ? parsed.data : {};
    state[PROFILE_PROPERTY] = profile;
    return profile;
  }

  private async welcome(context: TurnContext): Promise<void> {
    const data = await this.loadData(context);
    const profile = await this.loadProfile(context);
    const lang = data.lang ?? profile.lang ?? localeToLang(context.activity.locale) ?? DEFAULT_LANG;
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

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const data = await this.loadData(context);
    const profile = await this.loadProfile(context);
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const known = data.lang ?? profile.lang;
    const fallbackLang: Lang = known ?? localeToLang(activity.locale) ?? DEFAULT_LANG;
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

    const decision = this.brain.engine.understand(text, {
      conversationLang: known,
      langChosen: data.langChosen,
      channelLocale: activity.locale,
      lastEntry: data.lastEntry,
      asked: data.asked,
      options: data.options,
    });
    const lang = decision.lang;
    if (decision.command === 'language' || decision.languageRequested) {
      data.langChosen = true;
      profile.lang = lang;
    }
    data.lang = lang;
    data.asked = undefined;
    const turn = startTurn(context, this.brain, lang, data, decision.pick);
    if (this.log.verbose) this.log.debug('turn.understood', { text, decision });
    else this.log.debug('turn.understood', { kind: decision.kind, topic: decision.topic, route: decision.route, lang });

    if (!data.welcomed) {
      this.markWelcomed(data);
      // Someone in danger gets the emergency numbers first: no welcome before them.
      if (!decision.safety) {
        await turn.send(welcomeReply(this.brain, lang, decision.command === 'greeting'));
        if (decision.command === 'greeting') return;
      }
    }
    await this.act(turn, decision, dialogs, profile);
  }

  /** Carries out a decision: one handler per kind of decision, in the order of precedence. */
  private async act(turn: Turn, decision: Decision, dialogs: TurnDialogs, profile: UserProfile): Promise<void> {
    const { brain } = turn;
    // The emergency entry found by the search (the detector missed its words) is a signal too.
    if (decision.safety || decision.entry === SAFETY_ENTRIES.emergency) {
      await dialogs.cancelAll();
      await this.sendSafety(turn, decision);
      return;
    }
    if (decision.dangerAnswer) {
      // "No, not right now" (or "no, but my friend..."): what IOM does for victims, and how to reach it discreetly.
      await dialogs.cancelAll();
      await this.sendTraffickingHelp(turn, decision.entry ?? SAFETY_ENTRIES.help, true);
      return;
    }
    if (decision.pick) {
      if (dialogs.active && decision.pick.startsWith('dialog:')) {
        await dialogs.continue();
        return;
      }
      await dialogs.cancelAll();
      await this.handlePick(turn, decision.pick, dialogs, profile);
      return;
    }
    await dialogs.cancelAll();
    if (decision.command) {
      await this.handleCommand(turn, decision, dialogs);
      return;
    }
    this.stats.question(decision.kind === 'clarify' ? '(clarify)' : decision.topic, turn.lang);
    if (decision.kind === 'answer' && decision.entry && decision.facet) {
      if (!decision.aside) turn.data.lastEntry = decision.entry;
      await turn.send(renderFacet(brain, turn.lang, decision.entry, decision.facet));
      return;
    }
    if (decision.kind === 'answer' && decision.entry) {
      await this.answerEntry(turn, decision.entry, dialogs);
      return;
    }
    if (decision.kind === 'none') this.stats.notAnswered(dialogs.context.activity.text ?? '', turn.lang);
    await turn.send(renderDecision(brain, decision));
  }

  private async handleCommand(turn: Turn, decision: Decision, dialogs: TurnDialogs): Promise<void> {
    const { brain, lang } = turn;
    switch (decision.command) {
      case 'forget':
        await this.forget(dialogs, turn);
        return;
      case 'cancel':
        await turn.send(menuReply(brain, lang, 'reply.cancelled'));
        return;
      case 'help':
      case 'menu':
        await turn.send(menuReply(brain, lang, 'reply.help'));
        return;
      default:
        this.stats.question(decision.topic, lang);
        await turn.send(renderDecision(brain, decision));
    }
  }

  /**
   * Danger or possible trafficking: one message that starts with the emergency numbers (for someone
   * abroad, the emergency services of the country where they are come before them), then what IOM
   * does for victims and how to reach it. One message, so that whatever a phone or a channel shows
   * first, and whatever comes before it, the numbers are at the top of the bot's answer.
   */
  private async sendSafety(turn: Turn, decision: Decision): Promise<void> {
    const { brain, lang } = turn;
    const t = brain.locales.translator(lang);
    const abroad = decision.safety?.abroad === true;
    const emergency = renderEntry(brain, lang, SAFETY_ENTRIES.emergency);
    this.stats.question(SAFETY_TOPIC, lang);
    const helpId = abroad ? SAFETY_ENTRIES.abroad : SAFETY_ENTRIES.help;
    const help = renderEntry(brain, lang, helpId);
    turn.data.lastEntry = helpId;
    // Signs of exploitation without words of immediate danger end with "are you in danger right now?".
    const asks = decision.safety !== undefined && decision.safety.level !== 'immediate' && !decision.dangerAnswer;
    if (asks) turn.data.asked = 'danger';
    await turn.send({
      ...help,
      text: [abroad ? t('safety.abroad') : '', emergency.text, help.text, asks ? t('safety.question') : ''].filter(Boolean).join('\n\n'),
      options: asks
        ? [
            { label: t('dialog.trafficking.yes'), value: 'dialog:yes' },
            { label: t('dialog.trafficking.no'), value: 'dialog:no' },
            ...help.options,
          ]
        : help.options,
    });
  }

  /** What IOM does for possible victims (with the reminder that the chat can be deleted from the phone, unless the emergency message gave it). */
  private async sendTraffickingHelp(turn: Turn, entryId: string, withDeleteReminder = false): Promise<void> {
    const { brain, lang } = turn;
    const t = brain.locales.translator(lang);
    const help = renderEntry(brain, lang, entryId);
    turn.data.lastEntry = entryId;
    await turn.send(withDeleteReminder ? { ...help, text: `${help.text}\n\n${t('dialog.trafficking.deleteChat')}` } : help);
  }

  private async handlePick(turn: Turn, pick: string, dialogs: TurnDialogs, profile: UserProfile): Promise<void> {
    const { brain } = turn;
    const [kind, arg, extra] = pick.split(':');
    if (isLinkOption({ label: '', value: pick })) {
      await turn.send({
        lang: turn.lang,
        locale: brain.locales.translator(turn.lang)('meta.locale'),
        text: pick.replace(/^tel:/, ''),
        options: turn.data.options,
      });
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
      // The entry's follow-ups stay on offer after the thanks.
      const followups = feedbackReply(brain, turn.lang, extra).options.filter((o) => !o.value.startsWith('feedback:'));
      await turn.send({ ...textReply(brain, turn.lang, helpful ? 'feedback.thanksYes' : 'feedback.thanksNo'), options: followups });
      return;
    }
    if (kind === 'command' && arg === 'forget') {
      await this.forget(dialogs, turn);
      return;
    }
    if (kind === 'command' && arg === 'help') {
      await turn.send(allTopicsReply(brain, turn.lang));
      return;
    }
    await turn.send(menuReply(brain, turn.lang));
  }

  private async answerEntry(turn: Turn, entryId: string, dialogs: TurnDialogs): Promise<void> {
    turn.data.lastEntry = entryId;
    const dialogId = DIALOG_FOR_ENTRY[entryId];
    if (dialogId) {
      await dialogs.cancelAll();
      await dialogs.begin(dialogId, { startAt: entryId });
      return;
    }
    await turn.send({ ...renderEntry(turn.brain, turn.lang, entryId), options: [] });
    await turn.send(feedbackReply(turn.brain, turn.lang, entryId));
  }

  /**
   * "Forget me": deletes the conversation's and the user's state, then says exactly that (the
   * messages stay in the person's app). The reply is marked so that a web chat page clears its log.
   */
  private async forget(dialogs: TurnDialogs, turn: Turn): Promise<void> {
    const context = dialogs.context;
    await dialogs.cancelAll();
    await this.state.conversationState.delete(context);
    await this.state.userState.delete(context);
    // Sent directly, not through turn.send: nothing (not even the options offered) is kept afterwards.
    const reply = replyActivity(this.brain, menuReply(this.brain, turn.lang, 'reply.forgotten'), context.activity.channelId);
    await context.sendActivity({ ...reply, channelData: { ...FORGET_MARK } });
    this.log.info('user.forgotten');
  }

  /** Sends the apology in the conversation's language and forgets the conversation's state. */
  async recoverFromError(context: TurnContext): Promise<void> {
    let lang: Lang = localeToLang(context.activity?.locale) ?? DEFAULT_LANG;
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
