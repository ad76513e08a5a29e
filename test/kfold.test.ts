import path from 'node:path';
import { foldOf, loadEngineParts, runKfold, runSituationKfold, splitFolds } from '../src/eval/kfold';
import type { KnowledgeBase } from '../src/kb/load';
import { LANGS } from '../src/kb/schema';
import type { EngineParts } from '../src/nlu/understand';
import { projectRoot } from '../src/paths';

let parts: EngineParts;
beforeAll(async () => {
  const root = projectRoot();
  parts = await loadEngineParts(path.join(root, 'knowledge'), path.join(root, 'locales'));
});

/** Every question of a knowledge base, as "entry/lang/text" (several can be equal). */
function questionsOf(kb: KnowledgeBase): string[] {
  return kb.entries.flatMap((e) => LANGS.flatMap((lang) => e[lang].questions.map((q) => `${e.id}/${lang}/${q}`))).sort();
}

describe('splitFolds', () => {
  it('holds out every question exactly once, and each fold keeps all the others', () => {
    const k = 5;
    const folds = splitFolds(parts.kb, k);
    expect(folds).toHaveLength(k);
    const heldOut = folds.flatMap((f) => f.heldOut.map((h) => `${h.entry}/${h.lang}/${h.case.text}`)).sort();
    expect(heldOut).toEqual(questionsOf(parts.kb));
    for (const fold of folds) {
      const kept = questionsOf(fold.kb);
      const out = fold.heldOut.map((h) => `${h.entry}/${h.lang}/${h.case.text}`);
      expect([...kept, ...out].sort()).toEqual(questionsOf(parts.kb));
      expect(fold.kb.entries.map((e) => e.id)).toEqual(parts.kb.entries.map((e) => e.id));
    }
  });

  it("takes about 1/k of each entry's questions in each language into each fold", () => {
    const k = 5;
    const folds = splitFolds(parts.kb, k);
    for (const entry of parts.kb.entries) {
      for (const lang of LANGS) {
        const n = entry[lang].questions.length;
        for (const fold of folds) {
          const taken = fold.heldOut.filter((h) => h.entry === entry.id && h.lang === lang).length;
          expect(taken).toBeGreaterThanOrEqual(Math.floor(n / k));
          expect(taken).toBeLessThanOrEqual(Math.ceil(n / k));
        }
      }
    }
  });

  it("labels each held-out question with its entry's topic and the language of its block", () => {
    const [fold] = splitFolds(parts.kb, 3);
    for (const h of fold?.heldOut ?? []) {
      expect(h.case.topic).toBe(parts.kb.byId.get(h.entry)?.topic);
      expect(h.case.lang).toBe(h.lang);
      expect(h.case.slice).toBe('fold-0');
    }
  });

  it('is deterministic and refuses fewer than 2 folds', () => {
    expect(foldOf('contact', 'fr', 3, 5)).toBe(foldOf('contact', 'fr', 3, 5));
    const a = splitFolds(parts.kb, 4).map((f) => f.heldOut.map((h) => h.case.id));
    const b = splitFolds(parts.kb, 4).map((f) => f.heldOut.map((h) => h.case.id));
    expect(a).toEqual(b);
    expect(() => splitFolds(parts.kb, 1)).toThrow(/at least 2/);
    expect(() => splitFolds(parts.kb, 2.5)).toThrow(/at least 2/);
  });
});

describe('runKfold', () => {
  it('asks every held-out question of a small knowledge base and reports per fold, language and topic', () => {
    // Three entries of the real knowledge base (FR, AR, EN) make a small one.
    const entries = parts.kb.entries.filter((e) => ['forsaty', 'salemm', 'contact'].includes(e.topic)).slice(0, 3);
    const kb: KnowledgeBase = { ...parts.kb, entries, byId: new Map(entries.map((e) => [e.id, e])) };
    const report = runKfold({ ...parts, kb }, 3);
    expect(report.k).toBe(3);
    expect(report.cases).toBe(questionsOf(kb).length);
    expect(Object.keys(report.by_slice)).toEqual(['fold-0', 'fold-1', 'fold-2']);
    expect(Object.keys(report.by_lang)).toEqual(['ar', 'en', 'fr']);
    expect(Object.keys(report.by_topic).sort()).toEqual([...new Set(entries.map((e) => e.topic))].sort());
    expect(report.resolved).toBeGreaterThan(0.5);
    for (const f of report.failures) expect(report.by_topic[f.expected_topic]).toBeDefined();
  });
});

describe('runSituationKfold', () => {
  it('asks every situation once, held out of its engine, and every out-of-scope situation expecting none', () => {
    const report = runSituationKfold(parts, 5);
    const situations = (parts.situations ?? []).reduce((n, s) => n + s.phrases.length, 0);
    const declined = parts.outOfScope.reduce((n, s) => n + s.situations.length, 0);
    expect(report.by_slice['situation']?.cases).toBe(situations);
    expect(report.by_slice['out-of-scope']?.cases).toBe(declined);
    expect(report.cases).toBe(situations + declined);
    // Held out, a description is not found word for word: some fail, which a leak would hide.
    expect(report.resolved).toBeLessThan(1);
    expect(report.by_topic['none']?.cases).toBe(declined);
  });

  it('with half the situations left out, still understands most of them from the rest', () => {
    const report = runSituationKfold({ ...parts, outOfScope: [] }, 2);
    expect(report.resolved).toBeGreaterThan(0.5);
  });
});
