/**
 * npm run demo:generate
 *
 * Rewrites demo/slack-export/large-discussions/ from the conversation bank.
 * Deterministic: run it after changing the bank or the generator and commit
 * the day files with them (discussions.test.ts checks they match).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoDiscussionFiles, DISCUSSIONS_CHANNEL } from './demo-discussions.ts';

const DEMO_EXPORT = fileURLToPath(new URL('../../../../demo/slack-export', import.meta.url));
const folder = path.join(DEMO_EXPORT, DISCUSSIONS_CHANNEL);
const files = demoDiscussionFiles(DEMO_EXPORT);
fs.rmSync(folder, { recursive: true, force: true });
fs.mkdirSync(folder);
let messages = 0;
for (const [name, content] of files) {
  fs.writeFileSync(path.join(folder, name), content);
  messages += (JSON.parse(content) as unknown[]).length;
}
console.log(`${folder}: ${files.size} day files, ${messages} messages`);
