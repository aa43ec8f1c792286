import type { ExportSource } from '../../src/core/slack-import/source/export-source.ts';
import { FileTable } from '../../src/core/slack-import/source/file-table.ts';

/** An export held in memory, file name → content, for tests that read layouts without a zip or a folder. */
export function memorySource(files: Record<string, unknown>): ExportSource {
  const table = new FileTable();
  const contents: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content));
    table.add(name, data.length);
    contents.push(data);
  }
  return {
    label: 'memory',
    files: table,
    totalBytes: contents.reduce((sum, data) => sum + data.length, 0),
    locate: async (file) => {
      const data = contents[file]!;
      return { where: { memory: data }, compression: 'none', size: data.length, crc32: undefined, fingerprint: `memory:${file}` };
    },
    close: async () => {},
  };
}
