import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fr from '../../src/core/i18n/fr.json' with { type: 'json' };

/** One piece of French text shown to readers, and where it comes from. */
export interface FrenchText {
  source: string;
  text: string;
}

/** Every string of the French dictionary. */
export function frenchDictionaryTexts(): FrenchText[] {
  return Object.entries(fr).map(([key, text]) => ({ source: `fr.json ${key}`, text }));
}

/**
 * The French Markdown pages of the public site (pages and news): the values
 * of their front matter (titles, descriptions, menu labels) and their body.
 * Front matter keys (`title:`) are YAML, not prose.
 */
export async function frenchMarkdownTexts(contentDir: string): Promise<FrenchText[]> {
  const texts: FrenchText[] = [];
  for (const collection of ['pages', 'news']) {
    const folder = join(contentDir, collection, 'fr');
    for (const file of (await readdir(folder)).filter((name) => name.endsWith('.md')).sort()) {
      const content = await readFile(join(folder, file), 'utf8');
      const source = `${collection}/fr/${file}`;
      const [, frontMatter = '', body = content] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(content) ?? [];
      for (const line of frontMatter.split('\n')) {
        const value = /^\s*[\w-]+:\s*(.*)$/.exec(line)?.[1];
        if (value) texts.push({ source: `${source} (front matter)`, text: value.replace(/^"|"$/g, '') });
      }
      texts.push({ source, text: body });
    }
  }
  return texts;
}
