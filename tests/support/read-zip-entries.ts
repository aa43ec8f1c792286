import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';

/** Reads a zip with yauzl, as the importer reads exports, handing each entry to `visit` in order. */
async function walkZip(path: string, visit: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<void>): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zipfile) => (error === null ? resolve(zipfile) : reject(error)));
  });
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      visit(zip, entry)
        .then(() => zip.readEntry())
        .catch(reject);
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Every file of a zip by name. */
export async function readZipEntries(path: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  await walkZip(path, async (zip, entry) => {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      zip.openReadStream(entry, (error, readStream) => (error === null ? resolve(readStream) : reject(error)));
    });
    entries.set(entry.fileName, await buffer(stream));
  });
  return entries;
}

/** The central directory's entries, without reading the files. */
export async function zipEntryList(path: string): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  await walkZip(path, async (_, entry) => {
    entries.push(entry);
  });
  return entries;
}
