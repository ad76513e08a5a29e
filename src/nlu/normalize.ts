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
  '\u067e': '\u0628', // peh ("الپاسبور") -> ba
  '\u06a2': '\u0641', // Maghrebi fa -> fa
  '\u06a7': '\u0642', // Maghrebi qaf -> qaf
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
  if (PLAIN_ASCII.test(s)) return normalizePlainAscii(s);
  s = text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  // NFD splits "é" into "e" + accent and "أ" into "ا" + hamza: dropping the marks folds both.
  s = s.normalize('NFD').replace(COMBINING_MARKS, '').replace(TATWEEL, '');
  s = s.replace(FOLDED_LETTER, (ch) => LETTER_FOLDS[ch] ?? ch);
  s = s.replace(ARABIC_INDIC_DIGITS, arabicIndicToAscii);
  s = s.replace(NON_WORD, ' ');
  if (mayRepeatALetter(s)) s = s.replace(LONG_REPEAT, '$1');
  // Words are now separated by single spaces, with at most one space at each end.
  if (s.startsWith(' ')) s = s.slice(1);
  if (s.endsWith(' ')) s = s.slice(0, -1);
  return ASCII_DIGIT.test(s) ? s.split(' ').map(foldArabiziDigits).join(' ') : s;
}

const ASCII_DIGIT = /\d/;

/** False when no character is written three times in a row (nor any outside the BMP): LONG_REPEAT has nothing to do. */
function mayRepeatALetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
    if (i >= 2 && code === s.charCodeAt(i - 1) && code === s.charCodeAt(i - 2)) return true;
  }
  return false;
}

const CODE_A = 97;
const CODE_Z = 122;
const CODE_0 = 48;
const CODE_9 = 57;
const LONG_ASCII_REPEAT = /([a-z])\1{2,}/g;
const isLetter = (code: number) => code >= CODE_A && code <= CODE_Z;
const isDigit = (code: number) => code >= CODE_0 && code <= CODE_9;

/**
 * `normalizeText` of lower-cased printable ASCII, the same steps in one pass: the words are the runs
 * of letters and digits, each cut out once (a regular expression only for a word with a letter
 * written three times in a row, or with Arabizi digits).
 */
function normalizePlainAscii(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    let code = s.charCodeAt(i);
    if (!isLetter(code) && !isDigit(code)) {
      i++;
      continue;
    }
    const start = i;
    let letters = false;
    let digits = false;
    let tripled = false;
    for (; i < s.length; i++) {
      code = s.charCodeAt(i);
      if (isLetter(code)) {
        letters = true;
        if (i - start >= 2 && s.charCodeAt(i - 1) === code && s.charCodeAt(i - 2) === code) tripled = true;
      } else if (isDigit(code)) digits = true;
      else break;
    }
    let word = s.slice(start, i);
    if (tripled) word = word.replace(LONG_ASCII_REPEAT, '$1');
    if (letters && digits) word = foldArabiziDigits(word);
    out = out.length === 0 ? word : `${out} ${word}`;
  }
  return out;
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
  return foldDoubledLetters(w);
}

const DOUBLED_LETTER = /(\p{L})\1/gu;

/** "professionnelle" -> "profesionele": the regular expression only for a word with two equal code units in a row, or outside the BMP. */
export function foldDoubledLetters(w: string): string {
  for (let i = 0; i < w.length; i++) {
    const code = w.charCodeAt(i);
    if ((i > 0 && code === w.charCodeAt(i - 1)) || (code >= 0xd800 && code <= 0xdfff)) return w.replace(DOUBLED_LETTER, '$1');
  }
  return w;
}
