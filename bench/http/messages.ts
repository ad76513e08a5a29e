/** The load: real questions in French, Arabic (standard and Darija, Arabic or Latin letters) and English. */
export type Lang = 'fr' | 'ar' | 'en';
export type Topic = 'voluntary-return' | 'training' | 'trafficking' | 'contact' | 'greeting' | 'thanks';

export interface Question {
  lang: Lang;
  topic: Topic;
  text: string;
}

export const QUESTIONS: readonly Question[] = [
  { lang: 'fr', topic: 'greeting', text: 'Bonjour' },
  { lang: 'fr', topic: 'voluntary-return', text: "Comment bénéficier du programme d'aide au retour volontaire depuis le Maroc ?" },
  { lang: 'fr', topic: 'voluntary-return', text: 'bonjour je sui ivoiriene je veu retourné a abidjan coman fair' },
  { lang: 'fr', topic: 'training', text: 'Je suis régularisée depuis 2014, est-ce que je peux suivre une formation pour trouver du travail ?' },
  { lang: 'fr', topic: 'training', text: 'formation professionnelle' },
  { lang: 'fr', topic: 'trafficking', text: "Le patron garde nos passeports et dit qu'on doit rembourser le voyage avant de pouvoir partir." },
  { lang: 'fr', topic: 'trafficking', text: 'traite des personnes' },
  { lang: 'fr', topic: 'contact', text: "Quelle est l'adresse de l'OIM à Rabat ?" },
  { lang: 'fr', topic: 'contact', text: 'numero de loim svp' },
  { lang: 'fr', topic: 'thanks', text: 'merci beaucoup' },
  { lang: 'ar', topic: 'greeting', text: 'السلام عليكم، لاباس عليك؟' },
  { lang: 'ar', topic: 'greeting', text: 'salam khoya labas?' },
  { lang: 'ar', topic: 'voluntary-return', text: 'كيف يمكن لمهاجر في وضعية غير نظامية بالمغرب أن يستفيد من برنامج العودة الطوعية إلى بلده الأصلي؟' },
  { lang: 'ar', topic: 'voluntary-return', text: 'واش OIM كتخلص التيكي ديال الطيارة للي بغا يرجع لبلادو؟' },
  { lang: 'ar', topic: 'voluntary-return', text: 'bghit nrje3 l bladi' },
  { lang: 'ar', topic: 'training', text: 'عندي لاكارط ديال الإقامة من 2014، واش كاين شي تكوين نتعلم فيه شي صنعة؟' },
  { lang: 'ar', topic: 'training', text: 'تكوين مهني' },
  { lang: 'ar', topic: 'trafficking', text: 'ما هي مشاريع المنظمة الدولية للهجرة لمكافحة الاتجار بالبشر في المغرب؟' },
  { lang: 'ar', topic: 'trafficking', text: 'خويا خدام فواحد الفيرمة، الباطرون شد ليه الباسبور وما كيخلصوش وكيضربو، شنو ندير؟' },
  { lang: 'ar', topic: 'trafficking', text: 'khti mchat tkhdem f lkhalij w daba m7bousa f dar, ma3tawhach lpaspor, chno ndir?' },
  { lang: 'ar', topic: 'contact', text: 'ما هو عنوان مكتب المنظمة الدولية للهجرة في الرباط؟' },
  { lang: 'ar', topic: 'contact', text: '3afak 3tini numero dyal OIM' },
  { lang: 'ar', topic: 'thanks', text: 'شكرا بزاف، الله يخليك' },
  { lang: 'ar', topic: 'thanks', text: 'choukran bzaf khoya, bslama' },
  { lang: 'en', topic: 'greeting', text: 'hello there' },
  { lang: 'en', topic: 'voluntary-return', text: 'How can I apply for voluntary return from Morocco to my home country?' },
  { lang: 'en', topic: 'voluntary-return', text: 'pls i want go back to my contry nigeria how to do' },
  { lang: 'en', topic: 'training', text: 'I was regularised in the 2014 campaign and now have a residence permit. Is there any vocational training I can join?' },
  { lang: 'en', topic: 'training', text: 'job training' },
  { lang: 'en', topic: 'trafficking', text: 'My sister was promised a job in a restaurant, now she is locked in an apartment in Casablanca and they take all her money.' },
  { lang: 'en', topic: 'trafficking', text: 'human trafficking' },
  { lang: 'en', topic: 'contact', text: 'What is the phone number of IOM Morocco?' },
  { lang: 'en', topic: 'contact', text: 'adress of iom office plz' },
  { lang: 'en', topic: 'thanks', text: 'Thank you for the information, goodbye!' },
];

/** A message activity asking for its replies in the HTTP response (local mode, no outbound call). */
export function messageActivity(text: string, conversationId: string, userId: string): string {
  return JSON.stringify({
    type: 'message',
    text,
    deliveryMode: 'expectReplies',
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: userId },
    recipient: { id: 'bot' },
    conversation: { id: conversationId },
  });
}

/**
 * Bodies for successive requests: the questions in turn, each on a conversation of a rotating pool
 * (so a conversation comes back with other questions and its state is read and written):
 * request n carries question n mod |QUESTIONS| on conversation n mod `conversations`.
 */
export function bodySequence(conversations: number, prefix: string): () => string {
  let n = 0;
  return () => {
    const question = QUESTIONS[n % QUESTIONS.length] as Question;
    const conversation = n % conversations;
    n++;
    return messageActivity(question.text, `${prefix}-c${conversation}`, `${prefix}-u${conversation}`);
  };
}
