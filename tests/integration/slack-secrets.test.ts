import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';
import { embeddedEngineOn } from '../support/search-engines.ts';
import { columnsHolding } from '../support/columns-holding.ts';
import { writeRawZip } from '../support/raw-zip.ts';
import { importSlackExport } from '../../src/core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../src/core/slack-import/source/limits.ts';

/*
 * An export whose every field that can carry a URL or text holds a Slack
 * secret, in the shapes of a real export (Hyperledger's, 2016: files shared,
 * pinned and commented on, bot attachments and link previews), plus the newer
 * shapes (a `files` list, canvases, `user_profile`, `bot_profile`). After the
 * import, no table of the database may hold "xox" anywhere; the links stay.
 */

// Each secret names its field, so a leak says where it came from.
const secret = (field: string) => `xoxe-1-FAKE${field}My0xLTE4NjY2ODk4NjU2LTQ2NzgwMjY1OTM2NjU`;
const bot = (field: string) => `xoxb-17653672481-19874698323-FAKE${field}`;
const withT = (url: string, field: string) => `${url}?t=${secret(field)}`;

const TEAM = 'T0J024XGA';
const SITE = 'https://hyperledgerproject.slack.com';
const FILES = `https://files.slack.com/files-pri/${TEAM}-F17JGF5M1`;
const THUMBS = `https://files.slack.com/files-tmb/${TEAM}-F17JGF5M1-0c21e8b0ec`;
const AVATARS = 'https://avatars.slack-edge.com/2016-05-10/41625045731_2a2e06ba6941c8d7f74a';
const CHANNEL = 'C1144F7U5';
const FOLDER = 'architecture';
const AUTHOR = 'U0UFDAS91';

/** A hosted file as 2016 exports write it: every link carries the export token. */
function hostedFile(id: string, prefix: string) {
  const files = `https://files.slack.com/files-pri/${TEAM}-${id}`;
  const thumbs = `https://files.slack.com/files-tmb/${TEAM}-${id}-0c21e8b0ec`;
  const thumbSizes = Object.fromEntries(
    [64, 80, 160, 360, 480, 720, 960, 1024].map((size) => [`thumb_${size}`, withT(`${thumbs}/consensus_${size}.jpg`, `${prefix}thumb${size}`)]),
  );
  return {
    id,
    created: 1462893622,
    timestamp: 1462893622,
    name: 'Consensus Performance vs Scalability.jpg',
    title: `Consensus Performance vs Scalability ${bot(`${prefix}title`)}`,
    mimetype: 'image/jpeg',
    filetype: 'jpg',
    pretty_type: 'JPEG',
    user: AUTHOR,
    size: 68465,
    mode: 'hosted',
    is_external: false,
    is_public: true,
    url_private: withT(`${files}/consensus_performance_vs_scalability.jpg`, `${prefix}private`),
    url_private_download: withT(`${files}/download/consensus_performance_vs_scalability.jpg`, `${prefix}download`),
    ...thumbSizes,
    deanimate_gif: withT(`${thumbs}/consensus_deanimate_gif.png`, `${prefix}deanimate`),
    thumb_360_w: 360,
    thumb_360_h: 237,
    permalink: `${SITE}/files/christophera/${id}/consensus_performance_vs_scalability.jpg`,
    permalink_public: `https://slack-files.com/${TEAM}-${id}-23104c94f4?t=${secret(`${prefix}public`)}`,
    edit_link: withT(`${SITE}/files/christophera/${id}/consensus.jpg/edit`, `${prefix}edit`),
    preview: `security:\r\n    token: ${bot(`${prefix}preview`)}\r`,
    channels: [CHANNEL],
    comments_count: 1,
    initial_comment: { id: 'Fc17JGG7RR', created: 1462893622, user: AUTHOR, is_intro: true, comment: `Here is the graph ${bot(`${prefix}intro`)}` },
  };
}

const messages = [
  // 2016: a file shared, the file in `file`.
  {
    type: 'message',
    subtype: 'file_share',
    text: `<@${AUTHOR}|christophera> shared a file: <${FILES}/consensus_performance_vs_scalability.jpg?t=${secret('sharetext')}|Consensus Performance vs Scalability.jpg>`,
    file: hostedFile('F17JGF5M1', 'share'),
    user: AUTHOR,
    upload: true,
    username: `<@${AUTHOR}|christophera>`,
    ts: '1462893622.000002',
  },
  // 2016: a pinned file, in `item`.
  {
    type: 'message',
    subtype: 'pinned_item',
    user: 'U1802P5D3',
    item_type: 'F',
    text: `<@U1802P5D3|jianzhang98> pinned <@${AUTHOR}|christophera>’s Image <${SITE}/files/christophera/F17JGF5M1/consensus.jpg|Consensus.jpg> to this channel.`,
    item: hostedFile('F17JGF5M1', 'pinned'),
    ts: '1463317237.000230',
  },
  // 2016: a comment on a file, the comment as its own message.
  {
    type: 'message',
    subtype: 'file_comment',
    text: `<@${AUTHOR}|christophera> commented on a file: see <${SITE}/files/x?token=${secret('commenttext')}|this>`,
    file: hostedFile('F3Q6W6YPP', 'commented'),
    comment: { id: 'Fc3QQM9VN3', created: 1484147650, user: AUTHOR, comment: `Did you try <${FILES}/tls.yaml?token=${secret('comment')}|tls.yaml>? Or ${bot('comment')}` },
    ts: '1484147650.000002',
  },
  // A bot's build card, and a link preview with every link and icon of an unfurl.
  {
    type: 'message',
    subtype: 'bot_message',
    bot_id: 'B11SCU10E',
    username: `travis ${bot('username')}`,
    text: '',
    bot_profile: { id: 'B11SCU10E', name: 'travis', icons: { image_72: withT(`${AVATARS}_72.png`, 'boticon') } },
    attachments: [
      {
        fallback: `Build <https://travis-ci.org/hyperledger/fabric/builds/1?token=${secret('fallback')}|#3> errored`,
        pretext: `Build finished ${bot('pretext')}`,
        title: `PR #1 ${bot('title')}`,
        title_link: `https://github.com/hyperledger/fabric/pull/1?tab=files&token=${secret('titlelink')}`,
        text: `Build <https://travis-ci.org/hyperledger/fabric/builds/1?t=${secret('attachtext')}&amp;utm=slack|#3> by <@${AUTHOR}>, ${bot('attachtext')}`,
        author_name: 'Jeremy Sevareid',
        author_subname: 'jeremysevareid',
        author_link: withT(`${SITE}/team/jeremysevareid`, 'authorlink'),
        author_icon: withT(`${AVATARS}_48.jpg`, 'authoricon'),
        from_url: withT(`${SITE}/archives/requirements/p1481046577000005`, 'fromurl'),
        original_url: withT(`${SITE}/archives/requirements/p1481046577000005`, 'originalurl'),
        image_url: withT(`${THUMBS}/consensus_720.jpg`, 'imageurl'),
        thumb_url: withT(`${THUMBS}/consensus_80.jpg`, 'thumburl'),
        service_icon: withT('https://a.slack-edge.com/bfaba/img/api/slack_16.png', 'serviceicon'),
        service_name: 'Slack',
        footer: `Posted in #requirements ${bot('footer')}`,
        footer_icon: withT('https://a.slack-edge.com/footer.png', 'footericon'),
        fields: [{ title: `Token ${bot('fieldtitle')}`, value: `<https://travis-ci.org/x#token=${secret('fieldvalue')}|log>`, short: true }],
        video_html: `<iframe src="https://www.youtube.com/embed/x?t=${secret('video')}"></iframe>`,
        is_msg_unfurl: true,
        channel_id: 'C0UJTTB5J',
        channel_name: 'requirements',
        ts: '1481046577.000005',
      },
    ],
    ts: '1481046600.000005',
  },
  // Newer exports: a `files` list with a canvas (its links carry `token=`), and the author's profile in the message.
  {
    type: 'message',
    user: AUTHOR,
    text:
      `Report: <https://files.slack.com/files-pri/${TEAM}-F3ANV0GV6/rapport.pdf?t=${secret('text')}&amp;b=2|rapport.pdf>, ` +
      `notes <https://docs.example.org/d#token=${secret('fragment')}|here>, hooks ${bot('text')}, rotating xoxe.xoxp-1-FAKErotating, ` +
      `shouted XOXP-1-FAKESHOUTED and <https://a.example.org/f?t=xo\txe-1-FAKEtab|split by a tab>`,
    user_profile: {
      avatar_hash: 'g2a2e06ba694',
      image_72: withT(`${AVATARS}_72.jpg`, 'profileimage'),
      first_name: 'Christopher',
      real_name: 'Christopher Ferris',
      display_name: 'christophera',
      team: TEAM,
      name: 'christophera',
    },
    files: [
      {
        ...hostedFile('F3ANV0GV6', 'files'),
        name: 'rapport.pdf',
        url_private: withT(`https://files.slack.com/files-pri/${TEAM}-F3ANV0GV6/rapport.pdf`, 'filesprivate'),
      },
      {
        id: 'F07CANVAS1',
        name: `Canvas ${bot('canvasname')}`,
        title: 'Roadmap',
        mimetype: 'application/vnd.slack-docs',
        filetype: 'quip',
        mode: 'quip',
        url_private: `https://hyperledgerproject.slack.com/files/${AUTHOR}/F07CANVAS1/canvas?token=${secret('canvasurl')}`,
        url_private_download: `https://files.slack.com/files-pri/${TEAM}-F07CANVAS1/download/canvas?token=${secret('canvasdownload')}`,
        permalink: `${SITE}/docs/${TEAM}/F07CANVAS1?origin_team=${TEAM}&token=${secret('canvaspermalink')}`,
        permalink_public: `https://slack-files.com/${TEAM}-F07CANVAS1-9f0c?token=${secret('canvaspublic')}`,
        preview: `Roadmap ${bot('canvaspreview')}`,
      },
    ],
    ts: '1481128751.000027',
  },
];

const users = [
  {
    id: AUTHOR,
    team_id: TEAM,
    name: 'christophera',
    real_name: 'Christopher Ferris',
    tz: 'America/New_York',
    profile: {
      title: `CTO ${bot('usertitle')}`,
      real_name: 'Christopher Ferris',
      display_name: 'christophera',
      status_text: `on call ${bot('status')}`,
      avatar_hash: '2a2e06ba6941',
      image_original: withT(`${AVATARS}_original.jpg`, 'imageoriginal'),
      image_24: withT(`${AVATARS}_24.jpg`, 'image24'),
      image_48: withT(`${AVATARS}_48.jpg`, 'image48'),
      image_72: withT(`${AVATARS}_72.jpg`, 'image72'),
      image_192: withT(`${AVATARS}_192.jpg`, 'image192'),
      image_512: withT(`${AVATARS}_512.jpg`, 'image512'),
      email: 'chris@example.org',
      team: TEAM,
    },
  },
  {
    id: 'U1802P5D3',
    team_id: TEAM,
    name: 'jianzhang98',
    // Mentions show this name in the messages' HTML and search text.
    profile: { real_name: `Jian Zhang ${bot('realname')}`, display_name: `jian ${bot('displayname')}`, image_192: `${AVATARS}_192.jpg?token=${secret('avatartoken')}&s=192`, image_72: '' },
  },
];

const channels = [
  {
    id: CHANNEL,
    name: FOLDER,
    created: 1462893000,
    creator: AUTHOR,
    members: [AUTHOR, 'U1802P5D3'],
    topic: { value: `Agenda: <${FILES}/agenda.pdf?t=${secret('topic')}|agenda>`, creator: AUTHOR, last_set: 0 },
    purpose: { value: `Architecture WG ${bot('purpose')}`, creator: AUTHOR, last_set: 0 },
  },
];

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 1));

function exportZip(dir: string): string {
  const file = path.join(dir, 'export.zip');
  fs.writeFileSync(
    file,
    writeRawZip(
      [
        { name: 'users.json', data: json(users) },
        { name: 'channels.json', data: json(channels) },
        // Neither is archived; they are here to show that leaving them out keeps their secrets out too.
        { name: 'canvases.json', data: json([{ id: 'F07CANVAS1', url_private: `${SITE}/canvas?token=${secret('canvases')}` }]) },
        { name: 'integration_logs.json', data: json({ logs: [{ reason: `token ${bot('integration')}` }] }) },
        { name: `${FOLDER}/`, data: Buffer.alloc(0) },
        { name: `${FOLDER}/2016-05-15.json`, data: json(messages) },
      ].map((entry) => ({ method: 'deflate' as const, ...entry })),
    ),
  );
  return file;
}

const dirs: string[] = [];
const opened: Database[] = [];

afterEach(() => {
  for (const database of opened.splice(0)) database.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function importWithIndex(): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-secrets-'));
  dirs.push(dir);
  const database = await openDatabase(path.join(dir, 'data'));
  opened.push(database);
  await migrateDatabase(database.db);
  const engine = embeddedEngineOn(database, 'America/Toronto');
  try {
    const summary = await importSlackExport(database, exportZip(dir), { limits: DEFAULT_IMPORT_LIMITS, includeDms: false, search: engine });
    expect(summary.skipped.filter((skip) => !skip.item.endsWith('/'))).toEqual([]);
    expect(summary.messages.written).toBe(messages.length);
  } finally {
    await engine.close();
  }
  return database;
}

async function column(database: Database, sql: string): Promise<unknown[]> {
  const { rows } = await database.client.execute(sql);
  return rows.map((row) => row[0]);
}

describe('Slack secrets in an export', () => {
  it('reach no table of the database', async () => {
    const database = await importWithIndex();
    // The premise: the secrets went in, and the search index holds the messages' words.
    expect(JSON.stringify(messages).match(/xox[a-z]/gi)?.length).toBeGreaterThan(60);
    expect(await column(database, 'SELECT count(*) FROM search_docs')).toEqual([messages.length]);
    expect(await column(database, "SELECT count(*) FROM search_terms WHERE term = 'consensus'")).toEqual([1]);

    expect(await columnsHolding(database.client, 'xox')).toEqual({});
  });

  it('keep the rest of every link', async () => {
    const database = await importWithIndex();
    expect(await column(database, 'SELECT url FROM files ORDER BY ts, position')).toEqual([
      `${FILES}/consensus_performance_vs_scalability.jpg`,
      `https://files.slack.com/files-pri/${TEAM}-F3ANV0GV6/rapport.pdf`,
      `https://hyperledgerproject.slack.com/files/${AUTHOR}/F07CANVAS1/canvas`,
      `https://files.slack.com/files-pri/${TEAM}-F3Q6W6YPP/consensus_performance_vs_scalability.jpg`,
    ]);
    expect(await column(database, 'SELECT permalink FROM files ORDER BY ts, position')).toEqual([
      `${SITE}/files/christophera/F17JGF5M1/consensus_performance_vs_scalability.jpg`,
      `${SITE}/files/christophera/F3ANV0GV6/consensus_performance_vs_scalability.jpg`,
      `${SITE}/docs/${TEAM}/F07CANVAS1?origin_team=${TEAM}`,
      `${SITE}/files/christophera/F3Q6W6YPP/consensus_performance_vs_scalability.jpg`,
    ]);
    expect(await column(database, "SELECT name FROM files WHERE file_id = 'F07CANVAS1'")).toEqual(['Canvas ']);
    expect(await column(database, 'SELECT title FROM files ORDER BY ts, position')).toEqual([
      'Consensus Performance vs Scalability ',
      'Consensus Performance vs Scalability ',
      'Roadmap',
      'Consensus Performance vs Scalability ',
    ]);

    const { text, html, plain } = (await database.client.execute("SELECT text, html, plain FROM messages WHERE ts = '1481128751.000027'")).rows[0]!;
    expect(text).toContain(`<https://files.slack.com/files-pri/${TEAM}-F3ANV0GV6/rapport.pdf?b=2|rapport.pdf>`);
    expect(text).toContain('notes <https://docs.example.org/d|here>, hooks , rotating , shouted  and');
    expect(html).toContain(`href="https://files.slack.com/files-pri/${TEAM}-F3ANV0GV6/rapport.pdf?b=2"`);
    expect(html).toContain('href="https://docs.example.org/d"');
    expect(html).toContain('href="https://a.example.org/f"');
    expect(plain).toContain('rapport.pdf');

    const [cards] = await column(database, "SELECT attachments_html FROM messages WHERE ts = '1481046600.000005'");
    expect(cards).toContain('href="https://github.com/hyperledger/fabric/pull/1?tab=files"');
    expect(cards).toContain('href="https://travis-ci.org/hyperledger/fabric/builds/1?utm=slack"');
    expect(cards).toContain('href="https://travis-ci.org/x"');
    expect(await column(database, "SELECT author_name FROM messages WHERE ts = '1481046600.000005'")).toEqual(['travis ']);
    expect(await column(database, "SELECT text FROM messages WHERE ts = '1484147650.000002'")).toEqual([
      `Did you try <${FILES}/tls.yaml|tls.yaml>? Or `,
    ]);

    expect(await column(database, 'SELECT avatar_url FROM people ORDER BY id')).toEqual([`${AVATARS}_72.jpg`, `${AVATARS}_192.jpg?s=192`]);
    expect(await column(database, 'SELECT title FROM people ORDER BY id')).toEqual(['CTO ', null]);
    expect(await column(database, 'SELECT display_name FROM people ORDER BY id')).toEqual(['christophera', 'jian ']);
    expect(await column(database, 'SELECT real_name FROM people ORDER BY id')).toEqual(['Christopher Ferris', 'Jian Zhang ']);
    expect(await column(database, 'SELECT topic FROM channels')).toEqual([`Agenda: <${FILES}/agenda.pdf|agenda>`]);
    expect(await column(database, 'SELECT purpose FROM channels')).toEqual(['Architecture WG ']);
  });
});
