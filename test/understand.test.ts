import type { Brain } from '../src/app';
import { LANGS } from '../src/kb/schema';
import { normalizeText } from '../src/nlu/normalize';
import { DecisionSchema } from '../src/nlu/understand';
import { sharedBrain } from './helpers/brain';

let brain: Brain;
beforeAll(async () => {
  brain = await sharedBrain();
});

const understand = (text: string, context = {}) => brain.engine.understand(text, context);

/** Each knowledge topic asked in each language, in words of our own (not the knowledge base's, not the evaluation set's). */
const TOPIC_QUESTIONS: Array<[topic: string, fr: string, ar: string, en: string]> = [
  [
    'about-iom',
    "C'est quoi exactement l'OIM, l'organisation internationale pour les migrations ?",
    'ما هي المنظمة الدولية للهجرة ومتى تأسست؟',
    'What is the International Organization for Migration?',
  ],
  [
    'iom-morocco',
    "Depuis quelle année l'OIM travaille au Maroc ?",
    'منذ متى توجد المنظمة الدولية للهجرة في المغرب؟',
    'Since when has IOM been working in Morocco?',
  ],
  [
    'migration-context',
    'Le Maroc est-il un pays de transit pour les migrants ?',
    'هل المغرب بلد عبور للمهاجرين؟',
    'Is Morocco a transit country for migrants?',
  ],
  [
    'migration-mainstreaming',
    "Le programme PNUD-OIM d'intégration de la migration dans le développement national, c'est quoi ?",
    'ما هو برنامج إدماج الهجرة في استراتيجيات التنمية؟',
    'What is the migration mainstreaming programme with UNDP?',
  ],
  [
    'trqn',
    'Le programme TRQN pour les compétences marocaines à l’étranger ?',
    'ما هو مشروع العودة المؤقتة للكفاءات المغربية TRQN؟',
    'Tell me about TRQN, the temporary return of qualified nationals',
  ],
  [
    'vocational-training',
    'Formation professionnelle pour les migrants régularisés ?',
    'التكوين المهني للمهاجرين الذين تمت تسوية وضعيتهم',
    'Vocational training for regularised migrants?',
  ],
  [
    'jmdi',
    "L'Initiative Conjointe Migration et Développement ICMD, c'est quoi ?",
    'ما هي المبادرة المشتركة للهجرة والتنمية؟',
    'What is the Joint Migration and Development Initiative?',
  ],
  [
    'avrr-from-morocco',
    'Je veux rentrer dans mon pays, le retour volontaire est possible ?',
    'أريد العودة الطوعية إلى بلدي الأصلي من المغرب',
    'I want to go back to my country with voluntary return',
  ],
  [
    'avrr-to-morocco',
    "Je suis marocain en Espagne, existe-t-il une aide pour revenir au Maroc et m'y réinsérer ?",
    'أنا مغربي في الخارج وأريد الرجوع إلى المغرب والاندماج من جديد',
    'I am a Moroccan living abroad and want help to return and resettle in Morocco',
  ],
  ['motuse', 'Le projet MOTUSE, il sert à quoi ?', 'ما هو مشروع موتوز MOTUSE؟', 'What was the MOTUSE project about?'],
  [
    'vulnerable-migrants',
    'Projet pour les migrants vulnérables et en détresse au Maroc, en Tanzanie et au Yémen',
    'مشروع المهاجرين في وضعية هشاشة بالمغرب وتنزانيا واليمن',
    'Project for stranded and vulnerable migrants in Morocco, Tanzania and Yemen',
  ],
  ['anti-trafficking', 'Je suis victime de traite des êtres humains', 'أنا ضحية الاتجار بالبشر', 'I am a victim of human trafficking'],
  ['migrant-health', 'Projet santé des migrants de l’OIM ?', 'مشروع صحة المهاجرين', 'migrant health project'],
  ['forsaty', 'Le projet Forsaty pour les jeunes de Tanger', 'مشروع فرصتي للشباب في طنجة وتطوان', 'FORSATY youth project in Tetouan'],
  ['salemm', 'Le projet SALEMM à Khouribga', 'مشروع سالم للشباب في خريبكة وبني ملال', 'SALEMM project for young people in Beni Mellal'],
  ['donors', "Qui finance l'OIM au Maroc ?", 'من يمول أنشطة المنظمة في المغرب؟', 'Who funds IOM Morocco?'],
  ['contact', "Quel est le numéro de téléphone de l'OIM ?", 'ما هو رقم هاتف المنظمة الدولية للهجرة؟', 'How can I call IOM Morocco?'],
];

describe('understand: every knowledge topic in every language', () => {
  for (const [topic, fr, ar, en] of TOPIC_QUESTIONS) {
    it(`answers a French ${topic} question in French`, () => {
      const d = understand(fr);
      expect({ kind: d.kind, topic: d.topic, lang: d.lang }).toEqual({ kind: 'answer', topic, lang: 'fr' });
    });
    it(`answers an Arabic ${topic} question in Arabic`, () => {
      const d = understand(ar);
      expect({ kind: d.kind, topic: d.topic, lang: d.lang }).toEqual({ kind: 'answer', topic, lang: 'ar' });
    });
    it(`answers an English ${topic} question in English`, () => {
      const d = understand(en);
      expect({ kind: d.kind, topic: d.topic, lang: d.lang }).toEqual({ kind: 'answer', topic, lang: 'en' });
    });
  }
});

describe('understand: Darija, Arabizi, misspellings and situations', () => {
  it.each([
    ['bghit nrje3 l bladi, wach t9dro t3awnoni?', 'avrr-from-morocco'],
    ['بغيت نرجع لبلادي وما عنديش الوراق', 'avrr-from-morocco'],
    ['je veu rentré o pay mai jé pa dargen', 'avrr-from-morocco'],
    ['voluntry retrun to my contry pls', 'avrr-from-morocco'],
    ['mon patron a pris mon passeport et ne me paie pas', 'anti-trafficking'],
    ['they took my passport and force me to work without pay', 'anti-trafficking'],
    ['3tini nmra dyal telephone dyal OIM', 'contact'],
    ['fin kayn lbiro dyalkom f rabat?', 'contact'],
    ['formasion profesionel pour les migran regularisé', 'vocational-training'],
  ])('understands %j as %s', (text, topic) => {
    const d = understand(text);
    expect([d.kind, d.topic]).toEqual(['answer', topic]);
  });

  it('answers Darija and Arabizi in Arabic', () => {
    expect(understand('bghit nrje3 l bladi').lang).toBe('ar');
    expect(understand('واش كاين شي تكوين للمهاجرين؟').lang).toBe('ar');
  });
});

describe('understand: conversation commands', () => {
  it.each([
    ['Bonjour', 'greeting', 'fr'],
    ['salam alikoum', 'greeting', 'ar'],
    ['hi there!', 'greeting', 'en'],
    ['merci beaucoup 🙏', 'thanks', 'fr'],
    ['شكرا جزيلا', 'thanks', 'ar'],
    ['thanks a lot', 'thanks', 'en'],
    ['menu', 'help', 'fr'],
    ['what can you do?', 'help', 'en'],
  ])('%j is the %s command, answered in %s', (text, topic, lang) => {
    const d = understand(text);
    expect({ kind: d.kind, topic: d.topic, command: d.command, lang: d.lang }).toEqual({ kind: 'answer', topic, command: topic, lang });
  });

  it.each([
    ['English please', 'en'],
    ['en français svp', 'fr'],
    ['بالعربية عافاك', 'ar'],
    ['parle arabe stp', 'ar'],
  ])('%j switches the language to %s', (text, lang) => {
    const d = understand(text, { conversationLang: lang === 'en' ? 'fr' : 'en' });
    expect([d.topic, d.lang]).toEqual(['language', lang]);
  });

  it('does not take a question that starts with a greeting for a greeting', () => {
    const d = understand('Bonjour, je voudrais rentrer au Cameroun avec le retour volontaire');
    expect([d.kind, d.topic]).toEqual(['answer', 'avrr-from-morocco']);
  });

  it('does not take a plea for help for the help command', () => {
    expect(understand('please help me, they took my passport and I am locked in').topic).toBe('anti-trafficking');
  });

  it("answers the knowledge base's own questions (every 8th) with their entry, unless word for word a command's phrasing", () => {
    const commandPhrasings = new Set(
      LANGS.flatMap((l) => {
        const t = brain.locales.triggers[l];
        return [...t.greeting, ...t.thanks, ...t.help, ...t.switchTo.fr, ...t.switchTo.ar, ...t.switchTo.en];
      }).map(normalizeText),
    );
    const owners = new Map<string, Set<string>>();
    for (const e of brain.kb.entries)
      for (const l of LANGS)
        for (const q of e[l].questions) owners.set(normalizeText(q), (owners.get(normalizeText(q)) ?? new Set()).add(e.id));
    const misrouted: string[] = [];
    let checked = 0;
    // Every 8th question: all 1,400 take half a minute under jest (each new word is a fuzzy lookup).
    let position = 0;
    for (const [question, ids] of owners) {
      if (ids.size > 1 || commandPhrasings.has(question) || position++ % 8 !== 0) continue;
      checked++;
      const d = understand(question);
      const owner = brain.kb.byId.get([...ids][0] ?? '');
      // A victim's own words get the emergency numbers first: the safety answer of the same topic.
      const safetyFirst = d.safety !== undefined && d.topic === owner?.topic;
      if (d.entry !== owner?.id && !safetyFirst) misrouted.push(`${question} -> ${d.entry ?? d.command ?? d.kind}`);
    }
    expect(checked).toBeGreaterThan(150);
    expect(misrouted).toEqual([]);
    // "help me now please" is one of the trafficking emergency's questions: safety first, not the menu.
    expect(understand('help me now please').entry).toBe('anti-trafficking-emergency');
    expect(understand('help').command).toBe('help');
  });

  it.each(['I need help', "j'ai besoin d'aide", 'aide svp', 'بغيت مساعدة'])('takes "%s" for a request for help, not for thanks', (text) => {
    expect(understand(text).command).toBe('help');
  });

  it.each(['thanks for your help', 'merci pour votre aide', 'شكرا على المساعدة'])('takes "%s" for thanks', (text) => {
    expect(understand(text).command).toBe('thanks');
  });

  it.each(['I want to go home', 'how can I go back home', 'help me go back home', 'home', 'retour au pays svp', "c'est quoi le retour"])(
    'takes "%s" for voluntary return, not for the menu',
    (text) => {
      const d = understand(text);
      expect(d.command).toBeUndefined();
      expect(d.topic).toBe('avrr-from-morocco');
    },
  );
});

describe('understand: language of short messages', () => {
  it('keeps a known language on a short ambiguous message', () => {
    expect(understand('ok', { conversationLang: 'en' }).lang).toBe('en');
    expect(understand('merci', { conversationLang: 'en' }).lang).toBe('en');
    expect(understand('ok', { conversationLang: 'ar' }).lang).toBe('ar');
    expect(understand('thanks', { conversationLang: 'fr' }).lang).toBe('fr');
  });

  it('follows a clear change of language', () => {
    expect(understand('Where is your office in Rabat please?', { conversationLang: 'fr' }).lang).toBe('en');
    expect(understand('أين يوجد مكتبكم؟', { conversationLang: 'fr' }).lang).toBe('ar');
  });

  it('keeps a language the user chose, whatever the message', () => {
    expect(understand('Where is your office in Rabat please?', { conversationLang: 'fr', langChosen: true }).lang).toBe('fr');
  });

  it('answers in Arabic an Arabic message around a name in Latin capitals', () => {
    expect(understand('شنو هو FORSATY؟').lang).toBe('ar');
    expect(understand('برنامج SALEMM').lang).toBe('ar');
    expect(understand('fin kayn FORSATY?').lang).toBe('ar');
    // ...but a French or English message with one Arabic word stays French or English.
    expect(understand("je cherche l'adresse de l'OIM à Rabat, شكرا").lang).toBe('fr');
    expect(understand('where is the IOM office in Rabat, شكرا').lang).toBe('en');
  });

  it('uses the channel locale when the message gives no clue', () => {
    expect(understand('👍', { channelLocale: 'en-US' }).lang).toBe('en');
    expect(understand('👍', { channelLocale: 'ar-MA' }).lang).toBe('ar');
    expect(understand('👍').lang).toBe('fr');
  });
});

describe('understand: out of scope', () => {
  it.each([
    'Comment avoir un visa pour la Belgique ?',
    'What will the weather be like in Tangier this weekend?',
    'شكون ربح الماتش ديال الرجاء؟',
    'Can IOM give me a loan to buy a car?',
    'Quel est le taux de change du dollar ?',
    'I want to apply for refugee status',
    'Recette du couscous marocain',
    'bghit nchri tomobil',
  ])('declines %j instead of answering the nearest entry', (text) => {
    const d = understand(text);
    expect(d.kind).not.toBe('answer');
  });
});

describe('understand: nasty input', () => {
  it.each([
    '',
    '    ',
    '😀😀😀',
    '\u200b\u200f\u202e',
    '<script>alert(1)</script>',
    'a'.repeat(20000),
    'retour '.repeat(3000),
    '\ud800 broken surrogate',
  ])('returns a valid decision for %j', (text) => {
    const d = understand(text);
    expect(DecisionSchema.safeParse(d).success).toBe(true);
  });

  it('gives nothing for an empty message', () => {
    expect(understand('   ').kind).toBe('none');
  });

  it('tolerates a value that is not a string', () => {
    expect(understand(undefined as unknown as string).kind).toBe('none');
  });
});
