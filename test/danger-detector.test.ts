/**
 * The danger detector over tables of phrasings in French, Standard Arabic, Darija (Arabic script and
 * Arabizi) and English: situations of danger and possible trafficking that must be recognised (with
 * their level, and whether they are abroad or about someone else), messages that must not be
 * (questions about IOM, return, training, contact, greetings, out-of-scope subjects), typed answers
 * to "Are you in danger right now?", the knowledge base's own question variants, and nasty inputs.
 * The phrasings were written for these tests, not taken from the knowledge base or the evaluation sets.
 */
import path from 'node:path';
import { loadKnowledgeBase } from '../src/kb/load';
import { LANGS } from '../src/kb/schema';
import { DangerDetector, withinOneEdit } from '../src/safety/danger-detector';

const KNOWLEDGE = path.join(__dirname, '..', 'knowledge');
let detector: DangerDetector;

beforeAll(() => {
  detector = DangerDetector.fromKnowledge(KNOWLEDGE);
});

type Family = 'fr' | 'ar' | 'darija' | 'arabizi' | 'en';

interface DangerCase {
  text: string;
  level: 'immediate' | 'exploitation';
  abroad?: boolean;
  forOther?: boolean;
  /** A group id the signal must include. */
  indicator?: string;
}

const I = 'immediate' as const;
const E = 'exploitation' as const;

const DANGER: Record<Family, DangerCase[]> = {
  fr: [
    { text: 'je suis en danger aidez moi', level: I, indicator: 'immediate-danger' },
    { text: 'au secours il va me tuer', level: I },
    { text: "j'ai peur, il est devant la porte", level: I },
    { text: 'il me frappe tous les soirs', level: I, indicator: 'physical-sexual-violence' },
    { text: 'mon mari me bat et je ne sais pas ou aller', level: I },
    { text: 'aidez moi vite svp', level: I },
    { text: 'ils sont la, ils me cherchent', level: I },
    { text: "jsuis en danger c'est urgent", level: I },
    { text: "je peux pas sortir d'ici, la porte est fermée a clé", level: I },
    { text: "la patronne a pris mon passeport et elle m'enferme", level: E, indicator: 'retention-of-documents' },
    { text: 'mon patron garde mes papiers depuis 2 ans', level: E, indicator: 'retention-of-documents' },
    { text: 'ça fait 6 mois que je travaille et on ne me paie pas', level: E, indicator: 'withholding-of-wages' },
    { text: 'je travaille pour rien chez une famille a Rabat', level: E },
    { text: 'je dois rembourser le voyage à la madame', level: E, indicator: 'debt-bondage' },
    { text: "on m'oblige a me prostituer pour payer ma dette", level: E, indicator: 'forced-sex-work' },
    { text: 'ils me forcent à mendier devant la mosquée', level: E, indicator: 'forced-begging' },
    { text: 'on me force a vendre de la drogue', level: E, indicator: 'forced-crime' },
    { text: "on m'a promis un travail de coiffeuse mais c'était un piège", level: E, indicator: 'deception' },
    { text: "ils m'ont vendue à un homme à Tanger", level: E, indicator: 'sold-or-bought' },
    { text: 'ils ont pris mon téléphone, je peux pas appeler ma famille', level: E, indicator: 'isolation' },
    { text: 'il menace ma famille au pays si je pars', level: E, indicator: 'intimidation-threats' },
    { text: 'je dors par terre et je travaille jour et nuit', level: E, indicator: 'abusive-conditions' },
    { text: 'ma soeur est enfermée chez ses patrons en Arabie saoudite', level: E, abroad: true, forOther: true },
    { text: 'une fille de mon quartier est obligée de coucher avec des hommes', level: E, forOther: true },
    { text: "je suis en Espagne et on m'a confisqué mon passeport", level: E, abroad: true },
    { text: 'ma cousine en Libye, ils la frappent', level: I, abroad: true, forOther: true },
    { text: 'je ne peux pas quitter la maison, ils ne me laissent pas sortir', level: E },
    { text: "j'ai été violée par le patron", level: I },
    { text: 'pas payée depuis des mois, la patronne garde mon salaire', level: E },
    { text: 'au secour', level: I },
    { text: "il m'a menacée de mort", level: I },
  ],
  ar: [
    { text: 'أنا في خطر ساعدوني', level: I },
    { text: 'ساعدوني الآن أرجوكم', level: I },
    { text: 'سيقتلني إذا عرف أنني تكلمت', level: I },
    { text: 'هو هنا الآن أمام الباب', level: I },
    { text: 'زوجي يضربني كل يوم', level: I, indicator: 'physical-sexual-violence' },
    { text: 'تعرضت للاغتصاب من طرف المشغل', level: I },
    { text: 'أنا خائفة جدا', level: I },
    { text: 'حياتي في خطر', level: I },
    { text: 'أخذ صاحب العمل جواز سفري', level: E, indicator: 'retention-of-documents' },
    { text: 'جواز سفري محجوز عند الكفيل', level: E },
    { text: 'لا يدفعون لي أجري منذ أربعة أشهر', level: E, indicator: 'withholding-of-wages' },
    { text: 'أعمل بدون أجر في منزل عائلة', level: E },
    { text: 'يجب أن أسدد دين السفر للشبكة', level: E, indicator: 'debt-bondage' },
    { text: 'يجبرونني على الدعارة', level: E, indicator: 'forced-sex-work' },
    { text: 'يجبرونني على التسول في الشارع', level: E, indicator: 'forced-begging' },
    { text: 'أجبروني على بيع المخدرات', level: E, indicator: 'forced-crime' },
    { text: 'وعدوني بعمل في فندق لكنه كان كذبا', level: E, indicator: 'deception' },
    { text: 'باعوني لرجل عند وصولي', level: E, indicator: 'sold-or-bought' },
    { text: 'أخذوا هاتفي ولا أستطيع الاتصال بعائلتي', level: E, indicator: 'isolation' },
    { text: 'يهدد عائلتي في بلدي', level: E, indicator: 'intimidation-threats' },
    { text: 'لا يسمحون لي بالخروج من البيت', level: E, indicator: 'restriction-of-movement' },
    { text: 'أختي محتجزة في السعودية', level: E, abroad: true, forOther: true },
    { text: 'صديقتي في ليبيا يضربونها ولا تستطيع الهروب', level: I, abroad: true, forOther: true },
    { text: 'أنام على الأرض وأعمل ليلا ونهارا', level: E },
    { text: 'لم أتقاض أجري وأخذوا أوراقي', level: E },
    { text: 'أغيثوني', level: I },
  ],
  darija: [
    { text: 'عتقوني', level: I },
    { text: 'راني فخطر عاونوني دابا', level: I },
    { text: 'راه هنا خايفة', level: I },
    { text: 'غادي يقتلني', level: I },
    { text: 'ضربني الباطرون', level: I, indicator: 'physical-sexual-violence' },
    { text: 'راجلي كيضربني كل نهار', level: I },
    { text: 'خايفة بزاف', level: I },
    { text: 'حابسيني فالدار ما كنخرجش', level: E, indicator: 'restriction-of-movement' },
    { text: 'الباطرونة سادة عليا الباب', level: E },
    { text: 'شدو ليا الباسبور', level: E, indicator: 'retention-of-documents' },
    { text: 'الباسبور ديالي عند المدام وما بغاتش ترجعو', level: E },
    { text: 'ما كيخلصونيش هادي ستة شهور', level: E, indicator: 'withholding-of-wages' },
    { text: 'كنخدم بلا فلوس عند واحد العائلة', level: E },
    { text: 'خاصني نخلص الطريق للي جابني', level: E, indicator: 'debt-bondage' },
    { text: 'كيفرضو عليا نبات مع الرجال', level: E, indicator: 'forced-sex-work' },
    { text: 'كيخليوني نطلب فالزنقة وكياخدو الفلوس', level: E, indicator: 'forced-begging' },
    { text: 'كيخليوني نبيع الحشيش بزز', level: E },
    { text: 'وعدوني بخدمة فالفندق وطلع كلشي كذوب', level: E, indicator: 'deception' },
    { text: 'جابوني من الكوت ديفوار وباعوني', level: E, indicator: 'sold-or-bought' },
    { text: 'شدو ليا التيليفون ما نقدرش نعيط لدارنا', level: E, indicator: 'isolation' },
    { text: 'كيهددني باش ما نهضرش', level: E, indicator: 'intimidation-threats' },
    { text: 'صاحبتي محبوسة فالسعودية', level: E, abroad: true, forOther: true },
    { text: 'ختي كيخدموها بزز ف اسبانيا', level: E, abroad: true, forOther: true },
    { text: 'كنعس فالأرض وكنخدم الليل والنهار', level: E },
    { text: 'ما كيخليونيش نخرج', level: E },
    { text: 'كيهددني بالقتل', level: I },
  ],
  arabizi: [
    { text: '3tqoni', level: I },
    { text: '3te9ni 3afak', level: I },
    { text: 'ana f khatar', level: I },
    { text: 'rah hna daba', level: I },
    { text: 'khayfa', level: I },
    { text: 'ghadi y9telni', level: I },
    { text: 'drebni lpatron', level: I, indicator: 'physical-sexual-violence' },
    { text: 'rajli kaydrebni', level: I },
    { text: '7absini f dar', level: E, indicator: 'restriction-of-movement' },
    { text: 'ana m7bousa ma kankhrejch', level: E },
    { text: 'sadin 3liya lbab', level: E },
    { text: 'chedo lia lpaspor', level: E, indicator: 'retention-of-documents' },
    { text: 'lpatron khda lia lwra9', level: E },
    { text: 'ma kikhalsounich', level: E, indicator: 'withholding-of-wages' },
    { text: 'kankhdem bla flous 3nd wa7d l3a2ila', level: E },
    { text: 'khasni nkhlles tri9 l li jabni', level: E, indicator: 'debt-bondage' },
    { text: 'kayfardo 3liya nbat m3a rjal', level: E, indicator: 'forced-sex-work' },
    { text: 'kaykhliwni ntlab f zn9a', level: E, indicator: 'forced-begging' },
    { text: 'wa3douni b khdma w tle3 kolchi kdoub', level: E, indicator: 'deception' },
    { text: 'ba3ouni mli wselt', level: E, indicator: 'sold-or-bought' },
    { text: 'chedo lia tilifon', level: E, indicator: 'isolation' },
    { text: 'kayhededni', level: E, indicator: 'intimidation-threats' },
    { text: 'khti m7bousa f sa3oudia', level: E, abroad: true, forOther: true },
    { text: 'sa7bti ma kaykhlsouhach f lkhalij', level: E, abroad: true, forOther: true },
    { text: 'kaykhdmoni bzz', level: E },
    { text: 'ma kaykhliwnich nkhrej', level: E },
    { text: 'kan3ess f lard w kankhdem lil w nhar', level: E },
  ],
  en: [
    { text: "I'm in danger, please help", level: I },
    { text: 'help me now please', level: I },
    { text: 'they will kill me', level: I },
    { text: 'I am scared, he is outside the door', level: I },
    { text: 'he is hitting me', level: I },
    { text: "he's here", level: I },
    { text: "I can't get out", level: I },
    { text: 'my husband beats me every day', level: I, indicator: 'physical-sexual-violence' },
    { text: 'I was raped by my employer', level: I },
    { text: 'im so scared', level: I },
    { text: 'my boss took my passport', level: E, indicator: 'retention-of-documents' },
    { text: "the madam keeps my papers and won't give them back", level: E },
    { text: "I haven't been paid for 5 months", level: E, indicator: 'withholding-of-wages' },
    { text: 'I work for nothing in a house', level: E },
    { text: 'I have to pay back the trip to the man who brought me', level: E, indicator: 'debt-bondage' },
    { text: 'they force me to sleep with men', level: E, indicator: 'forced-sex-work' },
    { text: 'they make me beg on the street', level: E, indicator: 'forced-begging' },
    { text: 'they force me to sell drugs', level: E, indicator: 'forced-crime' },
    { text: 'they promised me a job in a hotel but it was a trap', level: E, indicator: 'deception' },
    { text: 'they sold me to a man in Tangier', level: E, indicator: 'sold-or-bought' },
    { text: "they took my phone and I can't call my family", level: E, indicator: 'isolation' },
    { text: 'he threatens my family back home', level: E, indicator: 'intimidation-threats' },
    { text: "they lock me in the room and don't let me go out", level: E, indicator: 'restriction-of-movement' },
    { text: 'I sleep on the floor and work day and night', level: E, indicator: 'abusive-conditions' },
    { text: 'my sister is locked in by her employer in Saudi Arabia', level: E, abroad: true, forOther: true },
    { text: 'a girl in my neighbourhood is forced into prostitution', level: E, forOther: true },
    { text: 'I am in Libya and they beat me', level: I, abroad: true },
    { text: 'employer took my pasport and doesnt pay me', level: E },
    { text: 'I think I am a victim of trafficking', level: E },
    { text: 'pls help im in danger', level: I },
  ],
};

/** Questions and messages that must not be read as danger: IOM, return, training, contact, greetings, out of scope. */
const NOT_DANGER: Record<Family, string[]> = {
  fr: [
    "Que fait l'OIM contre la traite ?",
    'Quand le projet contre la traite s’est-il terminé ?',
    'Qui a financé le projet contre la traite ?',
    "Est-ce dangereux de traverser vers l'Espagne en bateau ?",
    'Je veux un visa de travail',
    'bonjour',
    'merci beaucoup',
    "Quel est le numéro de téléphone de l'OIM ?",
    "Où se trouve le bureau de l'OIM à Rabat ?",
    'Je veux rentrer au Cameroun, comment faire ?',
    "L'OIM paie-t-elle le billet d'avion pour le retour ?",
    'Y a-t-il une formation professionnelle pour les migrants régularisés ?',
    'La formation est-elle payée ?',
    "Combien de pays sont membres de l'OIM ?",
    "C'est quoi le programme FORSATY ?",
    "Je suis sans papiers, est-ce que je peux avoir de l'aide pour rentrer ?",
    'je suis bloqué à Tanger sans argent',
    "j'ai perdu mon passeport, où faire un nouveau ?",
    'Comment renouveler mon passeport ?',
    'Je veux travailler en Europe légalement',
    "Quels sont les horaires d'ouverture ?",
    "Qui sont les donateurs de l'OIM Maroc ?",
    'Le projet SALEMM est-il encore en cours ?',
    'je ne suis pas en danger, je veux juste des informations',
    "Mon ami veut rentrer au Sénégal, l'OIM peut l'aider ?",
    "Est-ce que les migrants ont accès à l'hôpital au Maroc ?",
    "La traite des êtres humains, c'est quoi exactement ?",
    'salut ça va',
    "Je suis revenu d'Italie, y a-t-il une aide à la réintégration ?",
    'Je cherche du travail à Casablanca',
  ],
  ar: [
    'ماذا تفعل المنظمة الدولية للهجرة ضد الاتجار بالبشر؟',
    'متى انتهى مشروع مكافحة الاتجار؟',
    'من موّل مشروع مكافحة الاتجار بالبشر؟',
    'هل عبور البحر إلى إسبانيا خطير؟',
    'أريد تأشيرة عمل',
    'السلام عليكم',
    'شكرا جزيلا',
    'ما هو رقم هاتف المنظمة؟',
    'أين يوجد مكتب المنظمة في الرباط؟',
    'أريد العودة إلى بلدي، كيف أفعل؟',
    'هل تدفع المنظمة ثمن تذكرة العودة؟',
    'هل يوجد تكوين مهني للمهاجرين؟',
    'كم عدد الدول الأعضاء في المنظمة؟',
    'ما هو برنامج فرصتي؟',
    'ليس لدي أوراق، هل يمكنني الحصول على مساعدة للعودة؟',
    'فقدت جواز سفري، ماذا أفعل؟',
    'أريد العمل في أوروبا بطريقة قانونية',
    'من هم المانحون للمنظمة في المغرب؟',
    'هل ما زال مشروع سالم مستمرا؟',
    'لست في خطر، أريد فقط معلومات',
    'صديقي يريد العودة إلى السنغال، هل تساعده المنظمة؟',
    'هل يمكن للمهاجرين الذهاب إلى المستشفى؟',
    'ما هو الاتجار بالبشر؟',
    'ما هي مجالات عمل المنظمة في المغرب؟',
    'كم عدد المهاجرين الذين ساعدتهم المنظمة على العودة؟',
  ],
  darija: [
    'شنو كدير المنظمة ضد الاتجار بالبشر؟',
    'فوقاش سالا المشروع ديال الاتجار؟',
    'شكون اللي مول المشروع؟',
    'واش خطير نقطع البحر لاسبانيا فالباطو؟',
    'بغيت فيزا ديال الخدمة',
    'سلام لاباس',
    'شكرا بزاف',
    'شحال النمرة ديال المنظمة؟',
    'شنو هو العنوان ديال المنظمة؟',
    'بغيت نرجع لبلادي كيفاش ندير؟',
    'واش المنظمة كتخلص البيي ديال الطيارة؟',
    'واش كاين شي تكوين للمهاجرين؟',
    'ما عنديش الوراق واش يقدرو يعاونوني نرجع؟',
    'ضاع ليا الباسبور شنو ندير؟',
    'بغيت نخدم فأوروبا بالقانون',
    'واش مشروع فرصتي مازال خدام؟',
    'ماشي ف خطر بغيت غير معلومات',
    'صاحبي بغا يرجع للسينغال واش تعاونوه؟',
    'واش المهاجرين يقدرو يمشيو للسبيطار؟',
    'خايف نمشي للسبيطار حيت ما عنديش الوراق واش كاين شي مشكل؟',
    'حبست القراية وبغيت شي تكوين',
    'كنقلب على خدمة فكازا',
    'ما كاينش خطر غير بغيت نسول',
    'شنو هو الاتجار بالبشر؟',
    'واش كتعطيو فلوس للي بغا يرجع؟',
  ],
  arabizi: [
    'chno katdir OIM dd ttijar fl bachar?',
    'foqach sala projet dyal ttijar?',
    'chkon li mowel had lprojet?',
    'wach khatar n9te3 lbhar l sbania f lbato?',
    'bghit visa dyal khdma',
    'salam labas',
    'chokran bzaf',
    'ch7al nmra dyal OIM?',
    'fin jat lbiro dyal OIM f rbat?',
    'bghit nrje3 l bladi kifach ndir?',
    'wach OIM katkhlles lbillet dyal tayara?',
    'wach kayn chi tkwin l lmohajirin?',
    'ma3ndich lwra9 wach y9dro y3awnouni nrje3?',
    'da3 lia lpaspor chno ndir?',
    'bghit nkhdem f europa b l9anoun',
    'wach forsaty mazal khdam?',
    'machi f khatar bghit ghir ma3lomat',
    'sa7bi bgha yrje3 l senegal',
    'wach lmohajirin y9dro ymchiw l sbitar?',
    'khayf nmchi l sbitar 7it ma3ndich lwra9 wach kayn chi mochkil?',
    '7bst l9raya w bghit chi tkwin',
    'kan9leb 3la khdma f casa',
    'ma kaynch khatar ghir bghit nsowel',
    'chno howa ttijar fl bachar?',
    'wach kat3tiw flous l li bgha yrje3?',
  ],
  en: [
    'What does IOM do against trafficking?',
    'When did the anti-trafficking project end?',
    'Who funded the project?',
    'Is it dangerous to cross to Spain by boat?',
    'I want a work visa',
    'hello',
    'thanks a lot',
    'Which number do I dial to talk to someone at IOM?',
    'In which street of Rabat does IOM work?',
    'I want to go back to my country, how can IOM help?',
    'Does IOM pay for the plane ticket home?',
    'Is there vocational training for migrants?',
    'Is the training paid?',
    'How many member states does IOM have?',
    'What is the FORSATY programme?',
    'I have no papers, can I get help to go home?',
    'I lost my passport, what should I do?',
    'How do I renew my passport?',
    'I want to work in Europe legally',
    'Which countries give money for these projects?',
    'Is SALEMM still running?',
    "I'm not in danger, I just want information",
    'My friend wants to go back to Senegal, can IOM help him?',
    'Can migrants go to hospital in Morocco?',
    'What is human trafficking exactly?',
    'hi how are you',
    'I came back from Italy, is there reintegration support?',
    "I'm afraid I don't understand the answer",
    'Are you a robot?',
    'I am looking for a job in Casablanca',
  ],
};

interface AnswerCase {
  text: string;
  answer: 'yes' | 'no' | 'no-but';
}

/** Typed answers to "Are you in danger right now?". */
const ANSWERS: Record<Family, AnswerCase[]> = {
  fr: [
    { text: 'oui', answer: 'yes' },
    { text: 'oui il est là', answer: 'yes' },
    { text: 'oui svp', answer: 'yes' },
    { text: 'ouii vite', answer: 'yes' },
    { text: 'oiu', answer: 'yes' },
    { text: 'je crois', answer: 'yes' },
    { text: 'aidez moi', answer: 'yes' },
    { text: 'non', answer: 'no' },
    { text: 'non merci', answer: 'no' },
    { text: 'pas maintenant', answer: 'no' },
    { text: 'je suis en sécurité', answer: 'no' },
    { text: 'non je ne suis pas en danger', answer: 'no' },
    { text: 'nn ça va', answer: 'no' },
    { text: 'non mais ma sœur est enfermée chez son patron', answer: 'no-but' },
    { text: "non, mais on m'a pris mon passeport", answer: 'no-but' },
    { text: 'non il est là', answer: 'yes' },
  ],
  ar: [
    { text: 'نعم', answer: 'yes' },
    { text: 'نعم هو هنا', answer: 'yes' },
    { text: 'أظن ذلك', answer: 'yes' },
    { text: 'ساعدوني', answer: 'yes' },
    { text: 'لا', answer: 'no' },
    { text: 'لا شكرا', answer: 'no' },
    { text: 'أنا بخير الآن', answer: 'no' },
    { text: 'لست في خطر', answer: 'no' },
    { text: 'لا ولكن صديقتي محتجزة', answer: 'no-but' },
    { text: 'لا، لكن أختي لا يدفعون لها أجرها', answer: 'no-but' },
  ],
  darija: [
    { text: 'ايه راه هنا', answer: 'yes' },
    { text: 'ايه عافاك', answer: 'yes' },
    { text: 'اه دابا', answer: 'yes' },
    { text: 'لا', answer: 'no' },
    { text: 'لا دابا لا', answer: 'no' },
    { text: 'لاباس الحمد لله', answer: 'no' },
    { text: 'ما كاينش خطر', answer: 'no' },
    { text: 'لا ولكن صاحبتي محبوسة', answer: 'no-but' },
    { text: 'لا غير ختي ما كيخلصوهاش', answer: 'no-but' },
  ],
  arabizi: [
    { text: 'ah daba', answer: 'yes' },
    { text: 'iyeh rah hna', answer: 'yes' },
    { text: 'wah 3afak', answer: 'yes' },
    { text: 'la', answer: 'no' },
    { text: 'la merci', answer: 'no' },
    { text: 'lla daba', answer: 'no' },
    { text: 'ana mzyan daba', answer: 'no' },
    { text: 'la walakin sa7bti m7bousa', answer: 'no-but' },
    { text: 'la ghir khti ma kaykhlsouhach', answer: 'no-but' },
    { text: 'la police est là', answer: 'yes' },
  ],
  en: [
    { text: 'yes', answer: 'yes' },
    { text: 'yes he is here now', answer: 'yes' },
    { text: 'I think so', answer: 'yes' },
    { text: 'help', answer: 'yes' },
    { text: 'yse', answer: 'yes' },
    { text: 'please', answer: 'yes' },
    { text: 'no', answer: 'no' },
    { text: 'not now', answer: 'no' },
    { text: "I'm safe now", answer: 'no' },
    { text: 'no thanks', answer: 'no' },
    { text: "no i'm not in danger", answer: 'no' },
    { text: 'no, but my friend is stuck working for no pay', answer: 'no-but' },
    { text: 'no but my sister is locked in', answer: 'no-but' },
    { text: 'no he is outside the door', answer: 'yes' },
  ],
};

/** More situations, in the words of people who live them: each must be recognised (level not checked). */
const MORE_DANGER: Record<Family, string[]> = {
  fr: [
    "svp aidez moi il m'a enfermé dans la chambre",
    'mon employeur me frappe quand je refuse',
    'je travaille depuis un an sans recevoir un centime',
    'la dame chez qui je travaille a caché mon passeport',
    'ils disent que je leur dois 3000 euros pour le voyage',
    'je suis obligée de faire des choses avec les clients',
    "il m'a dit que si je parle il tue ma mère",
    "je veux m'enfuir mais ils surveillent la porte",
    'on nous garde dans un entrepot et on peut pas partir',
    'jai tres peur il va revenir ce soir',
    "le chef du réseau prend tout l'argent qu'on gagne",
    'elle me laisse pas sortir meme pour acheter du pain',
    "ils m'ont fait venir en me promettant un boulot de serveuse",
    'au secours je suis enfermee',
    'je suis séquestrée depuis une semaine',
    'mon patron me viole',
    "on m'a volé mes papiers et je dois travailler gratuitement",
    "il m'empêche de parler à ma famille",
    'ils menacent de me dénoncer à la police si je pars',
    'mon amie est exploitée en Italie',
    'ma fille travaille chez des gens qui ne la paient pas',
    'aide moi stp c urgent',
  ],
  ar: [
    'أرجوكم ساعدوني أنا محبوسة في غرفة',
    'المشغل يضربني عندما أرفض',
    'أعمل منذ سنة ولم أتقاض أي درهم',
    'السيدة التي أعمل عندها أخفت جواز سفري',
    'يقولون إنني مدينة لهم بثلاثة آلاف يورو',
    'يجبرونني على النوم مع الرجال',
    'هددني بقتل أمي إذا تكلمت',
    'أريد الهروب لكنهم يراقبون الباب',
    'أنا خائفة سيعود الليلة',
    'يأخذون كل المال الذي أكسبه',
    'لا تسمح لي بالخروج حتى لشراء الخبز',
    'وعدوني بعمل كنادلة',
    'أنا محتجزة منذ أسبوع',
    'يمنعونني من الاتصال بعائلتي',
    'صديقتي مستغلة في إيطاليا',
    'ابنتي تعمل عند عائلة لا تدفع لها',
  ],
  darija: [
    'عافاكم عاونوني سدو عليا فالبيت',
    'الباطرون كيضربني ملي كنرفض',
    'عام وانا كنخدم وما خلصوني حتى بريال',
    'المدام لي خدامة عندها خبات ليا الباسبور',
    'كيقولو ليا خاصك تخلصي 3 مليون ديال الطريق',
    'كيفرضو عليا نخرج مع الكليان',
    'قالي الا هضرتي غادي نقتل مك',
    'بغيت نهرب ولكن كيعسو على الباب',
    'خايفة غادي يرجع الليلة',
    'الشاف كياخد الفلوس كاملين',
    'ما كتخلينيش نخرج حتى نشري الخبز',
    'جابوني على اساس خدمة فالكافي',
    'انا محبوسة هادي سيمانة',
    'ما كيخليونيش نعيط لدارنا',
    'صاحبتي مستغلة فايطاليا',
    'بنتي خدامة عند ناس ما كيخلصوهاش',
  ],
  arabizi: [
    '3afakom 3awnouni sedo 3liya f lbit',
    'lpatron kaydrbni mli kanrfd',
    '3am w ana kankhdem w ma khlsounich 7ta b ryal',
    'lmadam li khdama 3ndha khbat lia lpaspor',
    'kay9olo lia khassek tkhlssi 3 mlyon dyal tri9',
    'kayfardo 3liya nkhrej m3a lklyan',
    '9ali ila hdrti ghadi n9tel mok',
    'bghit nhreb walakin ka y3esso 3la lbab',
    'khayfa ghadi yrje3 lyouma f lil',
    'chef kayakhod lflous kamlin',
    'ma katkhlinich nkhrej 7ta nchri lkhobz',
    'jabouni 3la asas khdma f cafe',
    'ana m7bousa hadi simana',
    'ma kaykhliwnich n3ayet l darna',
    'sa7bti mstaghla f italia',
    'bnti khdama 3nd nas ma kaykhlsouhach',
  ],
  en: [
    'please help me he locked me in the bedroom',
    'my employer beats me when i say no',
    'i have worked for a year without getting a single dirham',
    'the lady i work for hid my passport',
    'they say i owe them 3000 euros for the journey',
    'they make me do things with customers',
    'he said if i talk he will kill my mother',
    'i want to run away but they watch the door',
    'i am really scared he will come back tonight',
    'the boss takes all the money we make',
    'she doesnt let me go out even to buy bread',
    'they brought me here promising a waitress job',
    'i have been locked up for a week',
    'they dont let me call my family',
    'my friend is being exploited in Italy',
    'my daughter works for people who dont pay her',
    'help im locked in',
    'he takes my salary every month',
  ],
};

const MORE_DANGER_2: Record<Family, string[]> = {
  fr: [
    'le monsieur chez qui je bosse me tape dessus',
    'ils gardent nos passeports et on dort a 10 dans une piece',
    'je nai pas touché mon salaire depuis noel',
    'svp venez me chercher je suis en danger a Fes',
    'elle me dit que je dois encore 2000 euros',
    'on me force a travailler dans les champs sans payer',
    'il veut me tuer',
    'mon copain me bat',
    'je me suis enfuie de chez mes patrons, ils me cherchent',
    'ils ont pris ma carte de séjour',
    'il me fait travailler 7 jours sur 7 sans repos',
    "ma voisine est une petite bonne de 12 ans, elle ne va pas a l'ecole et ils la frappent",
    "jai été amenée ici pour travailler mais on m'oblige a coucher avec des hommes",
    "ils m'ont enfermer",
    'aider moi vite',
  ],
  ar: [
    'الرجل الذي أعمل عنده يضربني',
    'يحتفظون بجوازات سفرنا وننام عشرة في غرفة',
    'لم أحصل على راتبي منذ شهور',
    'تعالوا بسرعة أنا في خطر',
    'تقول إن علي أن أدفع ألفي يورو',
    'زوجي يعنفني',
    'هربت من عند المشغل وهم يبحثون عني',
    'أخذوا بطاقة الإقامة الخاصة بي',
    'أعمل سبعة أيام في الأسبوع بدون راحة',
    'جارتي طفلة خادمة يضربونها',
  ],
  darija: [
    'الراجل لي خدام عندو كيضربني',
    'شادين لينا الباسبورات وكنعسو عشرة فبيت وحدة',
    'ما خديتش الخلصة من شحال هادي',
    'اجيو دغيا راني فخطر',
    'كتقولي باقي عليك جوج مليون',
    'راجلي كيعنفني',
    'هربت من عند الباطرون وهوما كيقلبو عليا',
    'داو ليا لاكارط ديال الإقامة',
    'كنخدم سبع ايام بلا راحة',
    'جارتنا بنت صغيرة خدامة فدار وكيضربوها',
    'عاونوني عافاكم حبسوني',
  ],
  arabizi: [
    'rajel li khdama 3ndo kaydrbni',
    'chadin lina lpasporat w kan3sso 3achra f bit wa7d',
    'ma khditch lkhlsa mn ch7al hadi',
    'ajiw dghya rani f5atar',
    'kat9oli ba9i 3lik jouj mlyon',
    'rajli kay3ennefni',
    'hrbt mn 3nd lpatron w homa kay9elbo 3liya',
    'daw lia lakart dyal l i9ama',
    'kankhdem seb3 iyam bla ra7a',
    '3awnouni 3afakom 7bsouni',
    '3tqouni 3afakom',
  ],
  en: [
    'the man i work for hits me',
    'they keep our passports and we sleep ten in one room',
    'i didnt get my salary since months',
    "come quickly i'm in danger",
    'she says i still owe 2000 euros',
    'my boyfriend beats me',
    'i ran away from my employer and they are looking for me',
    'they took my residence card',
    'i work 7 days a week with no rest',
    'my neighbour is a child maid and they beat her',
    'help me please they locked me up',
    'i am being held by my employer',
  ],
};

/** Near misses: the words of a danger form in a situation that is not one (a bank loan, a lost passport, a rumour). */
const NEAR_MISSES: string[] = [
  // "blassa" (a place) once read as "bl3sa" (with a stick)
  'lbiro dyalkom f wa7ed lblassa 9riba mn lmahatta?',
  'ana f chi blassa ma3reftha, fin kayn lbiro?',
  "j'ai plus un sou pour payer le bus jusqu'à la frontière",
  "mon passeport a expiré, l'OIM peut m'aider ?",
  "j'ai laissé mes papiers au consulat, comment les récupérer ?",
  'I left my passport at the embassy, how do I get it back?',
  'my employer pays me but I want to go home',
  "le patron m'a payé et je veux rentrer",
  'they told me IOM gives money for return, is it true?',
  "on m'a dit que l'OIM donne un travail en Europe, c'est vrai ?",
  'قالولي المنظمة كتعطي خدمة فأوروبا واش صحيح؟',
  '9aloli OIM kat3ti khdma f europa wach s7i7?',
  'I want to escape poverty and study',
  'the training promised a certificate, did it give one?',
  'est-ce que la formation promettait un emploi à la fin ?',
  'كيفاش نخلص الكريدي ديال البنك؟',
  'how do I pay back a loan to the bank?',
  'my phone was stolen in the street, can IOM help?',
  "j'ai besoin d'aide pour mon dossier de retour",
  'I need help with my return file',
  'واش تقدرو تعاونوني فالرجوع لبلادي؟',
  'wach kayn chi mosa3ada bach nwsel l dar dyali f senegal?',
  'ma mère est malade au pays, je veux rentrer',
  'ana bghit nmchi l sbania',
  'is the office open on saturday?',
  "je suis mineur, est-ce que l'OIM aide les mineurs non accompagnés ?",
  'my friend wants to work in Saudi Arabia, is it safe?',
  "L'OIM, ils sont là pour aider les migrants ?",
  'my brother he is outside Morocco since 2019, can he come back?',
  'he is coming to Morocco next month for work',
  'المكتب راه هنا فالرباط ولا فكازا؟',
];

const MORE_DANGER_3: Record<Family, string[]> = {
  fr: [
    "svp jai besoin d'aide mon patron me garde enfermée dans la cuisine",
    'je suis nigériane, la madame dit que je dois payer 30000 euros',
    "quelqu'un frappe à la porte, c'est lui, j'ai peur",
    "mon frère est en Libye, ils l'ont vendu",
    'on travaille dans une ferme a Agadir, le chef garde nos cartes',
    "mon mari m'a brulée avec un fer",
    'je veux partir mais elle a mon passeport',
    'la famille ne me donne pas à manger et je travaille de 6h à minuit',
    'il me dit que si je pars il va me faire arrêter par la police',
    'ils nous ont ramené du Mali en promettant du travail dans la construction',
    "je suis coincée chez eux ils m'empêchent de sortir",
    'urgent il est armé',
    "on m'a obligée a épouser un homme",
    'ils me prennent tout ce que je gagne en vendant des mouchoirs',
  ],
  ar: [
    'أرجوكم مشغلي يحبسني في المطبخ',
    'تقول المدام إن علي دفع ثلاثين ألف يورو',
    'أحد يطرق الباب إنه هو أنا خائفة',
    'أخي في ليبيا باعوه',
    'صاحب المزرعة يحتفظ ببطاقاتنا',
    'زوجي أحرقني',
    'أريد المغادرة لكنها تحتفظ بجواز سفري',
    'لا يعطونني الأكل وأعمل من السادسة صباحا حتى منتصف الليل',
    'يهددني بالشرطة إذا غادرت',
    'جاؤوا بنا من مالي بوعود عمل في البناء',
    'أنا عالقة عندهم ويمنعونني من الخروج',
    'عاجل إنه مسلح',
    'أجبروني على الزواج من رجل',
    'يأخذون كل ما أربحه من بيع المناديل',
  ],
  darija: [
    'عافاكم الباطرون حابسني فالكوزينة',
    'المدام كتقول خاصني نخلص تلاتين الف اورو',
    'شي واحد كيدق فالباب هو هداك خايفة',
    'خويا فليبيا باعوه',
    'الشاف ديال الفيرمة شاد لينا لاكارطات',
    'راجلي حرقني',
    'بغيت نمشي ولكن الباسبور عندها',
    'ما كيعطيونيش ناكل وكنخدم من الستة حتى نص الليل',
    'كيقولي الا مشيتي غادي نجيب ليك البوليس',
    'انا محصورة عندهم وما كيخليونيش نخرج',
    'عجلو راه معاه جنوي',
    'زوجوني بزز',
    'كياخدو كلشي لي كنربح من بيع الكلينكس',
  ],
  arabizi: [
    '3afakom lpatron 7absni f cuisine',
    'lmadam kat9ol khasni nkhlles 30 alf euro',
    'chi wa7d kaydo9 f lbab howa hadak khayfa',
    'khoya f libya ba3ouh',
    'chef dyal ferma chad lina lakartat',
    'rajli 7r9ni',
    'bghit nmchi walakin lpaspor 3ndha',
    'ma kay3tiwnich nakol w kankhdem mn 6 7ta ns lil',
    'kay9oli ila mchiti ghadi njib lik lbolis',
    'ana m7sora 3ndhom w ma kaykhliwnich nkhrej',
    '3jlo rah m3ah jenwi',
    'zwjouni bzz',
    'kayakhdo kolchi li kanrb7 mn bi3 lklinex',
  ],
  en: [
    'please my employer keeps me locked in the kitchen',
    'the madam says i must pay 30000 euros',
    'someone is knocking at the door its him im scared',
    'my brother is in Libya they sold him',
    'the farm boss keeps our ID cards',
    'my husband burned me with an iron',
    'i want to leave but she has my passport',
    'they dont give me food and i work from 6am to midnight',
    'he says if i leave he will call the police on me',
    'they brought us from Mali promising construction jobs',
    'i am stuck at their house and they stop me from going out',
    'urgent he has a gun',
    'they forced me to marry a man',
    'they take everything i earn selling tissues',
  ],
};

/** Ordinary messages of people who write to this bot. */
const ORDINARY: string[] = [
  "bonsoir je voudrais savoir si l'OIM recrute",
  'est-ce que vous aidez pour les papiers de régularisation ?',
  'mon passeport est chez le consulat pour renouvellement',
  "la police m'a arrêté hier, est-ce que l'OIM peut m'aider à rentrer ?",
  'je vis en Italie et je veux revenir au Maroc définitivement',
  "quel est l'adresse du bureau ?",
  'merci pour votre aide, au revoir',
  'ma fille veut faire une formation en coiffure',
  'واش كاين شي خدمة فالمنظمة؟',
  'بغيت نعرف واش كتعاونو فالوراق',
  'خويا فإيطاليا بغا يرجع للمغرب',
  'السلام عليكم بغيت نسول على المشروع ديال الشباب',
  'ana f italia w bghit nrje3 l lmghrib',
  'wach kayn chi khdma f OIM?',
  'merci bzaf 3la l3awn',
  'هل توظف المنظمة الدولية للهجرة؟',
  'أعيش في إسبانيا وأريد العودة إلى المغرب',
  'شكرا على المساعدة',
  'I live in Spain and I want to come back to Morocco',
  'does IOM hire people?',
  'my passport is at the embassy for renewal',
  'the police stopped me yesterday, can IOM help me go home?',
  'thank you for your help, goodbye',
  'my daughter wants to do a hairdressing course',
  'what is the difference between a refugee and a migrant?',
  'can you help me find a school for my son?',
  'is there a bus from Oujda to Rabat?',
  'i lost my job and i want to go back to Cameroon',
  "j'ai perdu mon travail et je veux rentrer au Cameroun",
  'خسرت الخدمة وبغيت نرجع لبلادي',
];

const MORE_DANGER_4: Record<Family, string[]> = {
  fr: [
    'slt jsuis bloquée chez mon employeur il veut pas me laisser partir',
    'le passeur nous garde dans une maison à Nador on a pas le droit de bouger',
    'jai pas ete payer depuis 4 mois',
    'il me tabasse',
    'on ma pris mes papiers a larrivee',
    'je dois 5000 dirhams au mec qui ma fait passer',
    'ils me menacent avec un couteau',
    'ma copine est forcée a se prostituer a Casa',
    'je travaille 15h par jour sans jour de repos pour 0 dh',
    'venez vite il est en train de casser la porte',
  ],
  ar: [
    'مشغلتي لا تسمح لي بمغادرة المنزل أبدا',
    'المهرب يحتجزنا في منزل بالناظور',
    'لم يدفعوا لي منذ أربعة أشهر',
    'ضربني بشدة',
    'صادروا وثائقي عند وصولي',
    'علي دين للرجل الذي أدخلني',
    'يهددونني بسكين',
    'صديقتي مجبرة على الدعارة في الدار البيضاء',
    'أعمل خمس عشرة ساعة يوميا بدون يوم راحة',
    'تعالوا بسرعة إنه يكسر الباب',
  ],
  darija: [
    'الباطرونة ما بغاتش تخليني نمشي',
    'الحراك شادنا فدار فالناظور',
    'ما خلصونيش هادي اربعة شهور',
    'ضربني مزيان',
    'داو ليا الوراق ملي وصلت',
    'عندي دين ديال خمسة الاف درهم للي دوزني',
    'كيهددوني بالجنوي',
    'صاحبتي كيخرجوها مع الرجال بزز فكازا',
    'كنخدم خمسطاش ساعة فالنهار بلا راحة',
    'اجيو دغيا راه كيهرس الباب',
  ],
  arabizi: [
    'lpatrona ma bghatch tkhlini nmchi',
    'l7rag chadna f dar f nador',
    'ma khlsounich hadi 4 chhor',
    'drebni mzyan',
    'daw lia lwra9 mli wselt',
    '3ndi dayn dyal 5 alaf dh l li dawzni',
    'kayhededouni b jenwi',
    'sa7bti kaykhrjouha m3a rjal bzz f casa',
    'kankhdem 15 sa3a f nhar bla ra7a',
    'ajiw dghya rah kayhres lbab',
  ],
  en: [
    'my employer never lets me leave the house',
    'the smuggler is holding us in a house in Nador',
    'they havent paid me in 4 months',
    'he beat me badly',
    'they confiscated my documents when i arrived',
    'i owe 5000 dirhams to the guy who got me across',
    'they threaten me with a knife',
    'my girlfriend is being forced into prostitution in Casablanca',
    'i work 15 hours a day with no day off',
    'come fast he is breaking the door',
  ],
};

const ORDINARY_2: string[] = [
  'je veux des informations sur le retour volontaire',
  "comment contacter l'OIM par téléphone ?",
  'est-ce que la formation est gratuite ?',
  'je suis étudiant et je veux partir étudier en France',
  "mon père est décédé, je veux rentrer pour l'enterrement",
  'واش المنظمة كتعاون المهاجرين فالصحة؟',
  'بغيت نعرف شحال من واحد رجعو لبلادهم',
  'ما هي مشاريع المنظمة في المغرب؟',
  'wach kayn chi projet l chabab f casa?',
  'chokran 3la lma3loumat',
  'How can I contact IOM?',
  'is the training free?',
  'I am a student and I want to study in France',
  'what projects does IOM have for young people?',
  "Who are IOM's partners in Morocco?",
  'je suis perdu, je ne comprends pas le menu',
  'can I come to the office without an appointment?',
  'I was deported from Algeria, can IOM help me?',
  "j'ai été expulsé d'Algérie, que faire ?",
  'my child is sick and I have no money for the hospital',
];

const MORE_DANGER_5: Record<Family, string[]> = {
  fr: [
    'je suis à Huelva pour les fraises, le chef a gardé nos passeports et on dort dans un hangar',
    'ma soeur est bonne au Koweït, le kafil ne la laisse pas appeler',
    'mon cousin est en Birmanie, ils le forcent à faire des arnaques sur internet et le frappent',
    'ils nous ont vendus à un autre réseau à Tamanrasset',
    "j'ai 16 ans et on m'envoie mendier tous les jours",
    "le patron nous paie pas et dit qu'il va appeler la police si on se plaint",
    'je suis enceinte et il me frappe au ventre',
    "ils m'ont fait signer un contrat que je ne comprends pas et maintenant je dois tout rembourser",
    "help il m'a enfermée dans la salle de bain",
    "je n'ai plus de nouvelles de ma fille depuis qu'elle est partie travailler en Arabie, elle dit qu'elle est enfermée",
  ],
  ar: [
    'أختي عاملة منزلية في الكويت والكفيل لا يسمح لها بالاتصال',
    'ابن عمي في ميانمار يجبرونه على عمليات النصب ويضربونه',
    'باعونا لشبكة أخرى في الجزائر',
    'عمري ستة عشر عاما ويرسلونني للتسول كل يوم',
    'المشغل لا يدفع لنا ويهددنا بالشرطة إذا اشتكينا',
    'أنا حامل وهو يضربني',
    'أغلق علي باب الحمام',
    'ابنتي في السعودية تقول إنها محبوسة',
    'نعمل في الحقول من الفجر إلى الليل بلا أجر',
    'أنا في خطر شديد',
  ],
  darija: [
    'ختي خدامة فالكويت والكفيل ما كيخليهاش تعيط',
    'ولد عمي فالبيرمانيا كيخدموه بزز فالنصب وكيضربوه',
    'باعونا لشي ريزو اخر فالدزاير',
    'عندي 16 عام وكيصيفطوني نسعى كل نهار',
    'الباطرون ما كيخلصناش وكيقول غادي يعيط للبوليس',
    'انا حاملة وكيضربني',
    'سد عليا فالحمام',
    'بنتي فالسعودية كتقول راها محبوسة',
    'كنخدمو فالفلاحة من الفجر حتى الليل بلا خلصة',
    'راني ف خطر كبير',
  ],
  arabizi: [
    'khti khdama f lkowit w lkafil ma kaykhlihach t3ayet',
    'weld 3mi f birmania kaykhdmouh bzz f nsb w kaydrbouh',
    'ba3ouna l chi reseau akhor f dzayer',
    '3ndi 16 3am w kaysiftouni nse3a kol nhar',
    'lpatron ma kaykhlsnach w kay9ol ghadi y3ayet l lbolis',
    'ana 7amla w kaydrebni',
    'sedd 3liya f l7mam',
    'bnti f sa3oudia kat9ol raha m7bousa',
    'kankhdmo f lfla7a mn lfjer 7ta lil bla khlsa',
    'rani f khatar kbir',
  ],
  en: [
    'i am in Huelva picking strawberries, the boss kept our passports and we sleep in a shed',
    'my sister is a maid in Kuwait and the sponsor doesnt let her call',
    'my cousin is in Myanmar, they force him to do online scams and beat him',
    'they sold us to another network in Algeria',
    'i am 16 and they send me to beg every day',
    'the boss doesnt pay us and says he will call the police if we complain',
    'i am pregnant and he hits me',
    'he locked me in the bathroom',
    'my daughter in Saudi says she is locked in',
    'we work in the fields from dawn to night without pay',
  ],
};

const MORE_DANGER_6: Record<Family, string[]> = {
  fr: [
    "les hommes qui nous ont fait traverser le désert nous gardent dans une maison à Oujda et demandent de l'argent à nos familles",
    'mon chef de chantier ne nous paye plus et nous menace',
    'ils ont emmené ma fille et je ne sais pas où elle est',
    "je suis tenue de travailler chez eux jusqu'à ce que la dette soit payée",
    'ils ont brûlé mon passeport',
    'je suis à la gare et ils me suivent',
    "un homme m'a agressée dans la forêt",
    "j'ai été kidnappée",
    'ma patronne me crie dessus et me gifle',
    'on vit à 20 dans une pièce et on travaille sans contrat ni salaire',
  ],
  ar: [
    'المهربون يحتجزوننا في منزل ويطلبون المال من عائلاتنا',
    'رئيس الورش لم يعد يدفع لنا ويهددنا',
    'أخذوا ابنتي ولا أعرف أين هي',
    'اختطفوني',
    'أحرقوا جواز سفري',
    'يتبعونني في الشارع',
    'اعتدى علي رجل في الغابة',
    'مشغلتي تصفعني',
    'نعيش عشرين في غرفة ونعمل بلا عقد ولا أجر',
    'يجب أن أعمل عندهم حتى أسدد الدين',
  ],
  darija: [
    'الحراكة شادينا فدار وكيطلبو الفلوس من عائلاتنا',
    'الشاف ديال الشانطي ما بقاش كيخلصنا وكيهددنا',
    'داو ليا بنتي وما عرفتش فين هي',
    'ختفوني',
    'حرقو ليا الباسبور',
    'تابعيني فالزنقة',
    'واحد الراجل تعدا عليا فالغابة',
    'الباطرونة كتصرفقني',
    'ساكنين عشرين فبيت وكنخدمو بلا كونطرا بلا خلصة',
    'خاصني نبقى نخدم عندهم حتى نخلص الدين',
  ],
  arabizi: [
    'l7raga chadina f dar w kaytalbo lflous mn 3a2ilatna',
    'chef dyal chanti ma b9ach kaykhlsna w kayhddna',
    'daw lia bnti w ma 3reftch fin hiya',
    'khtfouni',
    '7r9o lia lpaspor',
    'tab3ini f zn9a',
    'wa7d rajel t3da 3liya f lghaba',
    'lpatrona katsrfe9ni',
    'saknin 3echrin f bit w kankhdmo bla kontra bla khlsa',
    'khasni nb9a nkhdem 3ndhom 7ta nkhlles ddin',
  ],
  en: [
    'the smugglers are holding us in a house and asking our families for money',
    'the site boss stopped paying us and threatens us',
    'they took my daughter and i dont know where she is',
    'i was kidnapped',
    'they burned my passport',
    'they are following me in the street',
    'a man attacked me in the forest',
    'my madam slaps me',
    'we live 20 in one room and work with no contract and no salary',
    'i have to keep working for them until the debt is paid',
  ],
};

const MORE_DANGER_7: Record<Family, string[]> = {
  fr: [
    "bonjour, je suis camerounaise, une femme m'a fait venir pour garder des enfants mais maintenant elle me fait travailler sans arrêt et garde mon argent",
    'il a menacé de me jeter dehors sans papiers si je parle',
    'ils nous frappent avec des bâtons',
    'je suis mineure et un homme me force à sortir avec ses amis',
    'mon employeur ne me rend pas mon passeport alors que mon contrat est fini',
    "on m'a attachée",
    'vite svp',
  ],
  ar: [
    'امرأة جاءت بي لرعاية الأطفال والآن تشغلني بلا توقف وتأخذ مالي',
    'هددني بطردي إلى الشارع إذا تكلمت',
    'يضربوننا بالعصي',
    'أنا قاصر ورجل يجبرني على الخروج مع أصدقائه',
    'مشغلي يرفض أن يعيد لي جواز سفري رغم انتهاء العقد',
    'ربطوني',
    'بسرعة أرجوكم',
    'احتجزوني في المزرعة',
  ],
  darija: [
    'واحد المرا جابتني نتلاها بالدراري ودابا كتخدمني بلا حبسة وكتاخد ليا الفلوس',
    'هددني يلوحني فالزنقة الا هضرت',
    'كيضربونا بالعصا',
    'انا قاصر وواحد الراجل كيفرض عليا نخرج مع صحابو',
    'الباطرون ما بغاش يرجع ليا الباسبور ولو سالا الكونطرا',
    'ربطوني',
    'دغيا عافاكم',
    'حابسيني فالفيرمة',
  ],
  arabizi: [
    'wa7d lmra jabtni ntla bdrari w daba katkhdemni bla 7absa w katakhod lia lflous',
    'hededni ylou7ni f zn9a ila hdert',
    'kaydrbouna b l3sa',
    'ana 9aser w wa7d rajel kayfrd 3liya nkhrej m3a s7abo',
    'lpatron ma bghach yrj3 lia lpaspor wakha sala lkontra',
    'rbtouni',
    'dghya 3afakom',
    '7absini f ferma',
  ],
  en: [
    'a woman brought me to look after kids but now she makes me work nonstop and keeps my money',
    'he threatened to throw me out on the street if i talk',
    'they beat us with sticks',
    'i am a minor and a man forces me to go out with his friends',
    'my employer refuses to return my passport even though my contract ended',
    'they tied me up',
    'quick please',
    'they are holding me on the farm',
  ],
};

const MORE_DANGER_8: Record<Family, string[]> = {
  fr: [
    'je suis prise au piège chez cette famille',
    "il m'a dit que je lui appartiens",
    "je veux m'échapper de chez mon patron",
    "mon mari m'a laissée sans nourriture enfermée",
    'il a détruit mon téléphone pour que je ne parle à personne',
    'ils nous font travailler la nuit dans un atelier et on dort sur place',
    "mon oncle m'a fait venir et maintenant il me force à travailler dans son café sans me payer",
    "je suis perdue, un homme m'a amenée ici et je ne sais pas où je suis",
  ],
  ar: [
    'أنا محاصرة عند هذه العائلة',
    'قال لي إنني ملكه',
    'أريد أن أهرب من عند مشغلي',
    'كسر هاتفي حتى لا أتكلم مع أحد',
    'يجعلوننا نعمل ليلا في ورشة وننام هناك',
    'عمي جاء بي والآن يجبرني على العمل في مقهاه دون أجر',
    'رجل أحضرني إلى هنا ولا أعرف أين أنا',
    'زوجي تركني بدون أكل وأقفل علي',
  ],
  darija: [
    'انا محصورة عند هاد العائلة',
    'قالي راك ديالي',
    'بغيت نهرب من عند الباطرون',
    'هرس ليا التيليفون باش ما نهضر مع حد',
    'كيخدمونا فالليل فواحد الورشة وكنعسو تما',
    'عمي جابني ودابا كيخدمني فالقهوة ديالو بلا ما يخلصني',
    'واحد الراجل جابني لهنا وما عارفة فين انا',
    'راجلي خلاني بلا ماكلة وسد عليا',
  ],
  arabizi: [
    'ana m7sora 3nd had l3a2ila',
    '9ali rak dyali',
    'bghit nhreb mn 3nd lpatron',
    'hres lia tilifon bach ma nhder m3a 7ed',
    'kaykhdmona f lil f wa7d lwarcha w kan3sso tma',
    '3mi jabni w daba kaykhdmni f l9hwa dyalo bla ma ykhlsni',
    'wa7d rajel jabni l hna w ma 3arfa fin ana',
    'rajli khlani bla makla w sed 3liya',
  ],
  en: [
    'i am trapped with this family',
    'he told me i belong to him',
    'i want to escape from my boss',
    'he smashed my phone so i cant talk to anyone',
    'they make us work at night in a workshop and we sleep there',
    'my uncle brought me here and now he makes me work in his cafe without paying me',
    'a man brought me here and i dont know where i am',
    'my husband left me without food and locked the door',
  ],
};

/**
 * Situations told as descriptions rather than keywords, often by a third party (a neighbour, a friend, a
 * volunteer): a threat against the family back home, release only after paying for the road, people kept
 * in a house, men sent to a girl's room, children sent to beg, someone sold, the one who holds the papers.
 */
const DESCRIBED: Record<Family, DangerCase[]> = {
  fr: [
    {
      text: "le contremaître menace de s'en prendre à mes enfants au Sénégal si je démissionne",
      level: E,
      indicator: 'intimidation-threats',
    },
    { text: "ils disent qu'il faut payer pour le bateau avant de nous laisser partir", level: E, indicator: 'debt-bondage' },
    { text: 'la gérante garde des femmes dans un riad et elles ne sortent jamais', level: E, indicator: 'restriction-of-movement' },
    { text: 'ils ont vendu ma petite soeur à des trafiquants', level: E, indicator: 'sold-or-bought', forOther: true },
    { text: 'la vieille dame envoie des hommes dans la chambre de sa nièce', level: E, indicator: 'forced-sex-work' },
    { text: 'le patron qui a mon passeport est devant ma porte', level: E, indicator: 'retention-of-documents' },
    { text: 'des gamins sont obligés de mendier pour un homme au rond-point', level: E, indicator: 'forced-begging' },
    { text: 'depuis des mois sans salaire dans cette ferme', level: E, indicator: 'withholding-of-wages' },
  ],
  ar: [
    { text: 'يهدد المهرب بإيذاء أطفالي إذا تكلمت', level: E, indicator: 'intimidation-threats' },
    { text: 'لن يطلقوا سراحي حتى أدفع', level: E, indicator: 'debt-bondage' },
    { text: 'يحتجزون النساء في شقة ويمنعونهن من الخروج', level: E, indicator: 'restriction-of-movement' },
    { text: 'أجبروا جاري على نقل المخدرات', level: E, indicator: 'forced-crime' },
    { text: 'تضرب الخادمة كل يوم', level: I, indicator: 'physical-sexual-violence' },
    { text: 'الكفيل لا يسمح لها بالعودة إلى بلدها', level: E, indicator: 'restriction-of-movement' },
  ],
  darija: [
    { text: 'كيهدد بابا إلا ما رجعتش', level: E, indicator: 'intimidation-threats' },
    { text: 'كيقولو باش نمشي خاصني نخلص على الحريك', level: E, indicator: 'debt-bondage' },
    { text: 'كيحبسو البنات فالطابق الفوقاني', level: E, indicator: 'restriction-of-movement' },
    { text: 'الخدامة ما كيخليوهاش تخرج', level: E, indicator: 'restriction-of-movement' },
    { text: 'باعو بنت الجيران', level: E, indicator: 'sold-or-bought' },
    { text: 'كيخليوه يسرق فالسوق', level: E, indicator: 'forced-crime' },
    { text: 'المدام شادة الباسبورات ديال الخدامات', level: E, indicator: 'retention-of-documents' },
  ],
  arabizi: [
    { text: 'kayhdedo wladi ila ma khdmtch', level: E, indicator: 'intimidation-threats' },
    { text: 'ma bghawch ytl9ouni 7ta nkhlles', level: E, indicator: 'debt-bondage' },
    { text: 'lbent 7absinha f dar w ma kaykhliwhach tkhrej', level: E, indicator: 'restriction-of-movement' },
    { text: 'ba3o bnt 3mi l chi wa7d', level: E, indicator: 'sold-or-bought' },
    { text: 'kayjbrouh ybi3 l7chich', level: E, indicator: 'forced-crime' },
    { text: 'chadin liha lpaspor', level: E, indicator: 'retention-of-documents' },
    { text: 'ma kay3tiwnach lflous 3 chhor hadi', level: E, indicator: 'withholding-of-wages' },
  ],
  en: [
    { text: 'the trafficker said he will hurt my mother if I run', level: E, indicator: 'intimidation-threats' },
    { text: 'I must pay before they release me', level: E, indicator: 'debt-bondage' },
    { text: 'they lock the women inside at night', level: E, indicator: 'restriction-of-movement' },
    { text: 'they sold my cousin to a gang', level: E, indicator: 'sold-or-bought' },
    { text: 'he makes the children beg at the lights', level: E, indicator: 'forced-begging' },
    { text: "my neighbour's maid has not been paid in a year", level: E, indicator: 'withholding-of-wages', forOther: true },
    { text: 'the boss who keeps my passport is here', level: E, indicator: 'retention-of-documents' },
    { text: 'she is forced to sleep with customers', level: E, indicator: 'forced-sex-work' },
    { text: 'if i go to the police they said they will deport me', level: E, indicator: 'intimidation-threats' },
  ],
};

/** Ordinary messages that share words with the described situations above (a trip home, a phone at the repair shop, a car sold). */
const NEAR_MISSES_2: string[] = [
  "je ne peux voir personne cette semaine, j'ai la grippe",
  'il a vendu sa moto à un voisin',
  'ils ont mon téléphone au magasin de réparation',
  'combien je dois payer pour le voyage de retour',
  'je dois encore payer le bateau pour aller à Tanger',
  "mon employeur m'a fait venir pour un travail à Fès mais je veux changer de ville",
  'les enfants sont gardés à la maison à cause de la pluie',
  'i want to sell my car to my cousin',
  'the kids are kept inside because it is raining',
  'how much money for the trip back home',
  'the man who has my passport at the consulate says it is ready',
  'i can t reach anyone at your office by phone',
  'they said I need the visa before they let me go on the trip',
  'we keep our passports in a safe at home',
  'the coach beats the record every year',
  'كم يجب أن أدفع ثمن الرحلة إلى بلدي',
  'باع سيارته لأخيه',
  'bghit nbi3 tomobil dyali l khoya',
  'lpatron dyali mzyan w kaykhlsni f lwe9t',
  'الباطرون ديالي مزيان وكيخلصني فالوقت',
];

/** More typed answers, in the three languages, mixed. */
const MORE_ANSWERS: [string, AnswerCase['answer']][] = [
  ['oui vite', 'yes'],
  ['oui aidez moi', 'yes'],
  ["yes I'm in danger", 'yes'],
  ['نعم ساعدوني', 'yes'],
  ['ah ana f khatar', 'yes'],
  ['oui, il arrive', 'yes'],
  ['yes please', 'yes'],
  ['ايه عافاك', 'yes'],
  ['iyeh 3afak', 'yes'],
  ['yes help', 'yes'],
  ['ui', 'yes'],
  ['yas', 'yes'],
  ['wi', 'yes'],
  ['peut-être', 'yes'],
  ['je sais pas', 'yes'],
  ['ma3reftch', 'yes'],
  ['maybe', 'yes'],
  ['non ça va', 'no'],
  ['nan tkt', 'no'],
  ['non non merci', 'no'],
  ["no I'm fine thanks", 'no'],
  ['nope all good', 'no'],
  ['لا الحمد لله', 'no'],
  ['لا، أنا بخير', 'no'],
  ['la la hamdolah', 'no'],
  ['lla ana labas', 'no'],
  ['non je suis en sécurité maintenant', 'no'],
  ['non mais mon amie est enfermée', 'no-but'],
  ["no but my neighbour's maid is not paid", 'no-but'],
  ['لا ولكن جارتي كيضربوها', 'no-but'],
  ['la walakin khti ma kaykhlsouhach', 'no-but'],
  ["non, c'est pour ma soeur", 'no-but'],
  ["no it's for a friend", 'no-but'],
  ['non il me frappe encore', 'yes'],
  ['no, he is coming back tonight', 'yes'],
  ['la rah hna', 'yes'],
];

const FAMILIES: Family[] = ['fr', 'ar', 'darija', 'arabizi', 'en'];

describe('danger and trafficking phrasings are recognised', () => {
  for (const family of FAMILIES) {
    describe(family, () => {
      test.each(DANGER[family].map((c) => [c.text, c] as const))('%s', (_text, c) => {
        const signal = detector.detect(c.text);
        expect(signal).toBeDefined();
        expect(signal?.level).toBe(c.level);
        if (c.abroad !== undefined) expect(signal?.abroad).toBe(c.abroad);
        if (c.forOther !== undefined) expect(signal?.forOther).toBe(c.forOther);
        if (c.indicator) expect(signal?.indicators).toContain(c.indicator);
      });
      test.each([
        ...MORE_DANGER[family],
        ...MORE_DANGER_2[family],
        ...MORE_DANGER_3[family],
        ...MORE_DANGER_4[family],
        ...MORE_DANGER_5[family],
        ...MORE_DANGER_6[family],
        ...MORE_DANGER_7[family],
        ...MORE_DANGER_8[family],
      ])('%s', (text) => {
        expect(detector.detect(text)).toBeDefined();
      });
    });
  }

  describe('situations described rather than named, often by someone else', () => {
    test.each(FAMILIES.flatMap((family) => DESCRIBED[family].map((c) => [family, c.text, c] as const)))('%s: %s', (_family, text, c) => {
      const signal = detector.detect(text);
      expect(signal).toBeDefined();
      expect(signal?.level).toBe(c.level);
      if (c.forOther !== undefined) expect(signal?.forOther).toBe(c.forOther);
      if (c.indicator) expect(signal?.indicators).toContain(c.indicator);
    });
  });

  test('someone else, abroad: "my little sister is locked in by her employer in Kuwait"', () => {
    expect(detector.detect('my little sister is locked in by her employer in Kuwait')).toMatchObject({ abroad: true, forOther: true });
  });

  test('at least 25 phrasings per language, in each of the three ways Arabic is written', () => {
    for (const family of FAMILIES) expect(DANGER[family].length).toBeGreaterThanOrEqual(25);
    for (const family of FAMILIES) expect(NOT_DANGER[family].length).toBeGreaterThanOrEqual(25);
  });
});

describe('questions and other messages are not read as danger', () => {
  for (const family of FAMILIES) {
    test.each(NOT_DANGER[family])(`${family}: %s`, (text) => {
      expect(detector.detect(text)).toBeUndefined();
    });
  }
  test.each([...ORDINARY, ...ORDINARY_2])('ordinary message: %s', (text) => {
    expect(detector.detect(text)).toBeUndefined();
  });
  test.each(NEAR_MISSES_2)('near miss, words shared with a described situation: %s', (text) => {
    expect(detector.detect(text)).toBeUndefined();
  });
  test.each(NEAR_MISSES)('near miss: %s', (text) => {
    expect(detector.detect(text)).toBeUndefined();
  });
});

describe('negation', () => {
  test.each([
    'I am not in danger',
    "I'm not in danger right now",
    'je ne suis pas en danger',
    'je suis pas en danger merci',
    'ما كاينش خطر',
    'ماشي ف خطر',
    'لست في خطر',
    'ana machi f khatar',
    'he does not hit me',
    'il ne me frappe pas',
    "je n'ai pas peur",
    'I am not scared',
  ])('%s: no immediate signal', (text) => {
    expect(detector.detect(text)?.level).not.toBe('immediate');
  });

  test('a negation in an earlier clause does not cancel a later danger', () => {
    expect(detector.detect('no, he is here')?.level).toBe('immediate');
    expect(detector.detect('non. il est là')?.level).toBe('immediate');
  });

  test('a form that holds its own negation is not cancelled by the "ne" before it', () => {
    expect(detector.detect('je ne peux pas sortir de la maison')?.indicators).toContain('restriction-of-movement');
    expect(detector.detect('il ne veut pas me rendre mon passeport')?.indicators).toContain('retention-of-documents');
  });

  test('a danger after "not in danger" still counts', () => {
    expect(detector.detect("I'm not in danger but my boss took my passport")?.indicators).toEqual(['retention-of-documents']);
  });
});

describe('spelling', () => {
  test.each([
    ['one typo in a long word', 'my boss confiscatd my passport'],
    ['letters swapped', 'ils ont confsiqué mon passeport'],
    ['a doubled letter', 'they took my passsport'],
    ['Arabizi digits', '7absini'],
    ['Arabizi letters', 'habsini'],
    ['Arabic letter variants and diacritics', 'أنا فِي خَطَرٍ'],
    ['tatweel', 'عتقـــوني'],
    ['a leading "و"', 'جابوني من بلادي وباعوني'],
    ['a leading "و" before a doubled letter', 'نخدمو بالليل وننام هناك'],
    ['capitals and accents', 'JE SUIS EN DANGER'],
    ['repeated letters', 'au secouuuurs'],
  ])('%s: %s', (_what, text) => {
    expect(detector.detect(text)).toBeDefined();
  });

  test('short words must be exact: no typo makes "la" a danger word', () => {
    expect(detector.detect('da3 lia lpaspor')).toBeUndefined();
  });
});

describe('weak signals (fear, "he is here", urgency) count alone only in a short message', () => {
  test.each(['khayfa', 'خايفة بزاف', "j'ai peur", 'I am scared', 'rah hna', 'راه هنا', 'il est là', 'vite svp', 'دغيا عافاكم'])(
    '%s',
    (text) => {
      expect(detector.detect(text)?.level).toBe('immediate');
    },
  );
  test.each([
    "j'ai peur d'aller à l'hôpital parce que je n'ai pas de papiers",
    'خايف نمشي للسبيطار حيت ما عنديش الوراق',
    "I'm afraid I don't understand the answer",
    "c'est urgent, je veux rentrer dans mon pays avant la fin du mois",
    'they are here to help migrants, right?',
  ])('%s', (text) => {
    expect(detector.detect(text)).toBeUndefined();
  });
  test('with another signal, fear in a long sentence counts', () => {
    expect(detector.detect("j'ai tellement peur, il va revenir ce soir et il me frappe")?.indicators).toEqual(
      expect.arrayContaining(['fear', 'immediate-danger', 'physical-sexual-violence']),
    );
  });
});

describe('the knowledge base', () => {
  const kb = loadKnowledgeBase(KNOWLEDGE);
  const variants = (keep: (topic: string, id: string) => boolean) =>
    kb.entries.filter((e) => keep(e.topic, e.id)).flatMap((e) => LANGS.flatMap((lang) => e[lang].questions.map((q) => ({ id: e.id, q }))));

  test('questions of every topic but trafficking are almost never read as danger', () => {
    const others = variants((topic) => topic !== 'anti-trafficking');
    const fired = others.filter(({ q }) => detector.detect(q) !== undefined);
    // None accepted today (0 of ~1,240). If one ever appears, it must be listed here with the reason.
    const accepted: string[] = [];
    expect(others.length).toBeGreaterThan(1000);
    expect(fired.filter(({ q }) => !accepted.includes(q))).toEqual([]);
    expect(fired.length / others.length).toBeLessThanOrEqual(0.01);
  });

  test('the trafficking help and emergency questions are recognised', () => {
    const help = variants((_topic, id) => id === 'anti-trafficking-help' || id === 'anti-trafficking-emergency');
    const missed = help.filter(({ q }) => detector.detect(q) === undefined);
    // Accepted misses are general questions that describe no situation: "Does IOM help trafficking
    // victims?", "where can I report trafficking?", "I need an ambulance, what number?".
    expect(help.length).toBeGreaterThan(80);
    expect(1 - missed.length / help.length).toBeGreaterThanOrEqual(0.85);
  });
});

describe('typed answers to "Are you in danger right now?"', () => {
  for (const family of FAMILIES) {
    test.each(ANSWERS[family].map((c) => [c.text, c.answer] as const))(`${family}: %s -> %s`, (text, answer) => {
      expect(detector.answerToDangerQuestion(text)).toBe(answer);
    });
  }
  test.each(MORE_ANSWERS)('%s -> %s', (text, answer) => {
    expect(detector.answerToDangerQuestion(text)).toBe(answer);
  });
  test.each(['', '   ', '🙏', '???'])('an empty or wordless answer is not a clear no: %j', (text) => {
    expect(detector.answerToDangerQuestion(text)).toBe('yes');
  });
});

describe('nasty inputs', () => {
  test.each([
    ['empty', ''],
    ['spaces', '   \n\t '],
    ['emoji only', '😱😱😱🙏'],
    ['zero-width characters only', '\u200b\u200c\u200d\ufeff'],
    ['punctuation only', '?!...،؟'],
  ])('%s: no signal, no crash', (_what, text) => {
    expect(detector.detect(text)).toBeUndefined();
  });

  test('zero-width characters inside the words do not hide a danger', () => {
    expect(detector.detect('je suis en dan\u200bger')).toBeDefined();
    expect(detector.detect('عتق\u200cوني')).toBeDefined();
  });

  test('mixed scripts in one message', () => {
    const signal = detector.detect('help please ana f khatar راه هنا');
    expect(signal?.level).toBe('immediate');
  });

  test('a 10,000-character message: the danger at its end is found, a long word is harmless', () => {
    const filler = 'je veux rentrer chez moi ';
    const long = filler.repeat(Math.ceil(10_000 / filler.length)).slice(0, 10_000) + ' ils ont pris mon passeport';
    expect(long.length).toBeGreaterThanOrEqual(10_000);
    expect(detector.detect(long)?.indicators).toEqual(['retention-of-documents']);
    expect(detector.detect('a'.repeat(10_000))).toBeUndefined();
    expect(detector.detect('خ'.repeat(10_000))).toBeUndefined();
    expect(detector.answerToDangerQuestion('non '.repeat(2_500))).toBe('no');
  });
});

describe('one edit apart (the typo a long Latin word may carry)', () => {
  // A reference written the plain way: every string one insertion, deletion, substitution or swap away.
  const reference = (a: string, b: string): boolean => {
    if (a === b) return true;
    const letters = [...new Set([...a, ...b])];
    for (let i = 0; i <= a.length; i++) {
      if (a.slice(0, i) + a.slice(i + 1) === b) return true;
      for (const c of letters) {
        if (a.slice(0, i) + c + a.slice(i) === b) return true;
        if (i < a.length && a.slice(0, i) + c + a.slice(i + 1) === b) return true;
      }
      if (i + 1 < a.length && a.slice(0, i) + a[i + 1] + a[i] + a.slice(i + 2) === b) return true;
    }
    return false;
  };

  it.each([
    ['passport', 'pasport', true],
    ['passport', 'passporte', true],
    ['passport', 'pasdport', true],
    ['passport', 'passprot', true],
    ['passport', 'apssport', true],
    ['passport', 'passpotr', true],
    ['passport', 'passpo', false],
    ['passport', 'psasprot', false],
    ['trafficking', 'trafficknig', true],
    ['exploitation', 'exploitatoin', true],
    ['exploitation', 'explotiatoin', false],
    ['محتجز', 'محتجزة', true],
    ['', 'a', true],
    ['ab', 'ba', true],
    ['abc', 'cba', false],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
    expect(reference(a, b)).toBe(expected);
  });

  it('agrees with the plain reading on every pair of short strings over a small alphabet', () => {
    const strings = [''];
    for (let length = 1; length <= 4; length++) {
      for (const s of strings.filter((x) => x.length === length - 1)) for (const c of 'abc') strings.push(s + c);
    }
    for (const a of strings) for (const b of strings) expect([a, b, withinOneEdit(a, b)]).toEqual([a, b, reference(a, b)]);
  });
});
