import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// Editors write Markdown, one folder per locale; the file name pairs a page with its translation.
// Ids are "<locale>/<file name>": the glob loader would otherwise take a `slug` field as the id.
const idFromPath = ({ entry }: { entry: string }) => entry.replace(/\.md$/, '');

const pages = defineCollection({
  loader: glob({ pattern: '{fr,en}/*.md', base: './src/content/pages', generateId: idFromPath }),
  schema: z.object({
    title: z.string(),
    description: z.string().max(160),
    slug: z.string().regex(/^[a-z0-9-]*$/),
    nav: z.number().int(),
    navLabel: z.string(),
    updated: z.coerce.date(),
    version: z.string().optional(),
  }),
});

const news = defineCollection({
  loader: glob({ pattern: '{fr,en}/*.md', base: './src/content/news', generateId: idFromPath }),
  schema: z.object({
    title: z.string(),
    date: z.coerce.date(),
    summary: z.string(),
    event: z.object({ start: z.coerce.date(), location: z.string() }).optional(),
  }),
});

export const collections = { pages, news };
