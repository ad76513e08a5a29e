/**
 * Text normalisation shared by indexing and searching: both sides go through the same steps, so a
 * user's spelling and the knowledge base's spelling meet in the middle.
 */

/** Invisible characters: zero-width spaces and joiners, BOM, bidi embeddings and overrides. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g;
const TATWEEL = /\u0640/g;
const COMBINING_MARKS = /\p{M}/gu;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
/** Anything that is not a letter or a digit separates words (punctuation, emoji, symbols). */
const NON_WORD = /[^\p{L}\p{N}]+/gu;
/** Three or more of the same letter: "merciiii", "bzzzaf", "شكرااا". */
const LONG_REPEAT = /(\p{L})\1{2,}/gu;

/** Arabizi digits stand for Arabic letters that Latin lacks: 3=ع, 7=ح, 9=ق, 2=ء, 5=خ, 8=غ. */
const ARABIZI_DIGITS: Record<string, string> = { '2': 'a', '3': 'a', '5': 'kh', '7': 'h', '8': 'gh', '9': 'q' };
const LATIN_LETTER = /[a-z]/;

/** Letters written several ways, folded to one: each character and what it becomes. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u0629': '\u0647', // ta marbuta -> ha
  '\u0649': '\u064a', // alef maqsura -> ya
  '\u0671': '\u0627', // alef wasla -> alef
  '\u06cc': '\u064a', // Persian ya -> ya
  '\u06a9': '\u0643', // Persian kaf -> kaf
  '\u06af': '\u0643', // gaf (Moroccan "g") -> kaf
  '\u06ad': '\u0643', // ngoeh (Moroccan "g") -> kaf
  '\u06a4': '\u0641', // veh -> fa
  '\u0621': '', // lone hamza
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
};
const FOLDED_LETTER = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');
/** Printable ASCII only: none of the Unicode steps can change it. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

function arabicIndicToAscii(ch: string): string {
  const code = ch.charCodeAt(0);
  const zero = code >= 0x06f0 ? 0x06f0 : 0x0660;
  return String(code - zero);
}

/** Rewrites Arabizi digits inside a Latin word ("nrje3" -> "nrjea"); numbers stay numbers. */
function foldArabiziDigits(token: string): string {
  if (!LATIN_LETTER.test(token) || !/\d/.test(token)) return token;
  return token.replace(/[235789]/g, (d) => ARABIZI_DIGITS[d] ?? d);
}

/**
 * Lower case, no accents or Arabic diacritics, Arabic letter variants folded (أ إ آ -> ا, ة -> ه,
 * ى -> ي), no tatweel, no invisible characters, runs of 3+ identical letters shortened, Arabizi
 * digits turned to letters, punctuation and emoji removed; words separated by single spaces.
 */
export function normalizeText(text: string): string {
  let s = text.toLowerCase();
  if (!PLAIN_ASCII.test(s)) {
    s = text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
    // NFD splits "é" into "e" + accent and "أ" into "ا" + hamza: dropping the marks folds both.
    s = s.normalize('NFD').replace(COMBINING_MARKS, '').replace(TATWEEL, '');
    s = s.replace(FOLDED_LETTER, (ch) => LETTER_FOLDS[ch] ?? ch);
    s = s.replace(ARABIC_INDIC_DIGITS, arabicIndicToAscii);
  }
  s = s.replace(NON_WORD, ' ').replace(LONG_REPEAT, '$1');
  return s
    .split(' ')
    .filter((t) => t.length > 0)
    .map(foldArabiziDigits)
    .join(' ');
}

/** The words of a normalised text. */
export function words(normalized: string): string[] {
  return normalized.length === 0 ? [] : normalized.split(' ');
}

const ARABIC_LETTER = /[\u0621-\u064a]/;
/** Arabic proclitics: conjunction, prepositions and the article, longest first ("وبال", "فال", "لل", "ال"). */
const ARABIC_PREFIX = /^(وال|بال|فال|كال|لل|ال|وب|ول|وف)/;
/** Plural and feminine endings, and the attached pronouns her/their/your/our/me. */
const ARABIC_SUFFIX = /(ات|ون|ين|يه|ها|هم|كم|نا|ني|ه)$/;
const LATIN_SUFFIX = /(s|x)$/;

/**
 * A light stem: Arabic article and clitic prefixes and common plural/feminine endings, Latin plural
 * endings; doubled letters are folded ("professionnelle" ~ "profesionele"). Only used as a search
 * key, never shown.
 */
export function stem(word: string): string {
  let w = word;
  if (ARABIC_LETTER.test(w)) {
    if (w.length >= 5) w = w.replace(ARABIC_PREFIX, '');
    else if (w.length >= 4 && w.startsWith('ال')) w = w.slice(2);
    if (w.length >= 5) w = w.replace(ARABIC_SUFFIX, '');
  } else if (w.length >= 5) {
    w = w.replace(LATIN_SUFFIX, '');
  }
  return w.replace(/(\p{L})\1/gu, '$1');
}
