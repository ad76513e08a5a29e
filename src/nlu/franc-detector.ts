import type { FrenchEnglishDetector } from './language';

/** Below this many characters franc's trigram guess between French and English is noise. */
const MIN_FRANC_LENGTH = 12;

/** franc (ES module only, hence the dynamic import) limited to French and English. */
export async function loadFrenchEnglishDetector(): Promise<FrenchEnglishDetector> {
  const { franc } = await import('franc');
  return (text: string) => {
    const code = franc(text, { only: ['fra', 'eng'], minLength: MIN_FRANC_LENGTH });
    if (code === 'fra') return 'fr';
    if (code === 'eng') return 'en';
    return undefined;
  };
}
