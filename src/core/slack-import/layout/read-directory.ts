import { IgnoredFields } from '../ignored-fields.ts';
import { slackChannelSchema, slackUserSchema } from '../schemas.ts';
import type { ExportSource } from '../source/export-source.ts';
import { toChannelRow, toMemberRows, toPersonRow } from './directory-rows.ts';
import { readList, type Conversation, type ExportLayout, type ListProblems } from './layout.ts';
import { NameLookup } from './name-table.ts';
import { DIRECTORY_BATCH, type DirectoryBatch, type DirectoryBatchSize } from './directory-batch.ts';

const emptyBatch = (): DirectoryBatch => ({ people: [], channels: [], members: [] });

/**
 * The directory of an export (people, the conversations this import takes,
 * their members) in bounded batches, handed over as they fill: the lists are
 * read a second time as a stream, so no list is ever held whole. The first
 * reading (readExportLayout) decided which record of an id is kept and named
 * what was wrong; this one keeps the same records (the first of each id) and
 * says nothing again. Wanted conversations no list describes (unlisted folders)
 * come last, without members.
 */
export async function readDirectory(
  source: ExportSource,
  layout: Pick<ExportLayout, 'names' | 'lists'>,
  wanted: readonly Conversation[],
  onBatch: (batch: DirectoryBatch) => Promise<void>,
  size: DirectoryBatchSize = DIRECTORY_BATCH,
): Promise<void> {
  const people = new NameLookup(layout.names.people);
  // One byte per person of the table rather than a set of id strings.
  const personWritten = new Uint8Array(people.count);
  const byId = new Map(wanted.map((conversation) => [conversation.id, conversation]));
  const written = new Set<Conversation>();
  let batch = emptyBatch();
  const flush = async () => {
    if (batch.people.length + batch.channels.length === 0) return;
    const full = batch;
    batch = emptyBatch();
    await onBatch(full);
  };
  const flushWhenFull = async () => {
    if (batch.people.length >= size.people || batch.channels.length >= size.channels || batch.members.length >= size.members) await flush();
  };
  const addConversation = async (conversation: Conversation, record: Parameters<typeof toChannelRow>[1]) => {
    written.add(conversation);
    batch.channels.push(toChannelRow(conversation, record));
    // One conversation's members are never split: they are replaced in the transaction that writes it.
    batch.members.push(...toMemberRows(conversation, record));
    await flushWhenFull();
  };

  for (const list of layout.lists) {
    // Already named by the first reading.
    const problems: ListProblems = { skipped: [], ignoredFields: new IgnoredFields(), dropped: 0 };
    if (list.holds === 'people') {
      await readList(source, list.path, slackUserSchema, problems, async (user) => {
        const at = people.position(user.id);
        if (at < 0 || personWritten[at]) return;
        personWritten[at] = 1;
        batch.people.push(toPersonRow(user));
        await flushWhenFull();
      });
    } else {
      await readList(source, list.path, slackChannelSchema, problems, async (channel) => {
        const conversation = byId.get(channel.id);
        if (!conversation?.listed || written.has(conversation)) return;
        await addConversation(conversation, channel);
      });
    }
  }
  for (const conversation of wanted) if (!written.has(conversation)) await addConversation(conversation, undefined);
  await flush();
}
