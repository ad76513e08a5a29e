import { normalizeText, stem, words } from '../src/nlu/normalize';

describe('normalizeText', () => {
  it('lower-cases and removes French accents and ligatures', () => {
    expect(normalizeText('Élève RÉGULARISÉ à Fès, cœur')).toBe('eleve regularise a fes coeur');
  });

  it('splits on apostrophes and punctuation', () => {
    expect(normalizeText("l'OIM, c'est quoi?!")).toBe('l oim c est quoi');
  });

  it('removes Arabic diacritics and tatweel', () => {
    expect(normalizeText('الهِجْرَةُ')).toBe(normalizeText('الهجرة'));
    expect(normalizeText('الهـــجرة')).toBe(normalizeText('الهجرة'));
  });

  it('folds alef, ya and ta marbuta variants', () => {
    expect(normalizeText('أحمد إلى آخر')).toBe('احمد الي اخر');
    expect(normalizeText('مستشفى')).toBe('مستشفي');
    expect(normalizeText('المنظمة')).toBe('المنظمه');
    expect(normalizeText('مؤسسة')).toBe(normalizeText('موسسه'));
  });

  it('folds the letters Darija borrows for p, v and g to the Arabic letters people also use', () => {
    expect(normalizeText('الپاسبور')).toBe(normalizeText('الباسبور'));
    expect(normalizeText('ڤيزا')).toBe(normalizeText('فيزا'));
    expect(normalizeText('ڭاع')).toBe(normalizeText('كاع'));
    expect(normalizeText('ڢاس')).toBe(normalizeText('فاس'));
  });

  it('turns Arabic-Indic digits into ASCII digits', () => {
    expect(normalizeText('سنة ٢٠١٤')).toBe('سنه 2014');
  });

  it('shortens letters repeated three times or more', () => {
    expect(normalizeText('merciiiii')).toBe('merci');
    expect(normalizeText('shukraaaan bzzzaf')).toBe('shukran bzaf');
    expect(normalizeText('شكراااا')).toBe('شكرا');
  });

  it('keeps doubled letters, which spellings need', () => {
    expect(normalizeText('professionnelle')).toBe('professionnelle');
  });

  it('rewrites Arabizi digits inside words but keeps numbers', () => {
    expect(normalizeText('bghit nrje3 l bladi')).toBe('bghit nrjea l bladi');
    expect(normalizeText('wa7d t9der 3afak')).toBe('wahd tqder aafak');
    expect(normalizeText('depuis 2014, +212 5 37')).toBe('depuis 2014 212 5 37');
  });

  it('drops emoji, zero-width and right-to-left override characters', () => {
    expect(normalizeText('🙏 retour\u200b volontaire 😢')).toBe('retour volontaire');
    expect(normalizeText('\u202eabc\u202c')).toBe('abc');
  });

  it('returns an empty string for text without letters or digits', () => {
    expect(normalizeText('  ?!… 👍👍 ')).toBe('');
    expect(words('')).toEqual([]);
  });

  it('reads plain ASCII text the same way as text with an accent or an Arabic word in it', () => {
    // Plain ASCII takes a shorter path: the words must come out the same.
    for (const plain of [
      "  Merciiii!!  3afak, x22 (wa7d)... c'EST   OK?? ",
      'WHERE is the IOM office???',
      '--t9der--',
      '2014 212 5 37',
      'aaa-bbbb cc',
    ]) {
      expect(`${normalizeText(`${plain} é`)}`).toBe(`${normalizeText(plain)} e`.trim());
      expect(normalizeText(`شكرا ${plain}`)).toBe(`شكرا ${normalizeText(plain)}`.trim());
    }
    expect(normalizeText('  Merciiii!!  3afak, x22 (wa7d)  ')).toBe('merci aafak xaa wahd');
    expect(normalizeText('tab\tand\nnew line')).toBe('tab and new line');
  });
});

describe('stem', () => {
  it('strips the Arabic article and clitics', () => {
    expect(stem('والمهاجرين')).toBe(stem('مهاجر'));
    expect(stem('بالمغرب')).toBe('مغرب');
  });

  it('strips Latin plural endings and folds doubled letters', () => {
    expect(stem('formations')).toBe(stem('formation'));
    expect(stem('professionnelle')).toBe(stem('profesionelle'));
    expect(stem('mmmm')).toBe('mm');
    expect(stem('مغرب')).toBe('مغرب');
    // A letter outside the Basic Multilingual Plane is still a letter ("𐐨𐐨", Deseret).
    expect(stem('\u{10428}\u{10428}')).toBe('\u{10428}');
  });
});
