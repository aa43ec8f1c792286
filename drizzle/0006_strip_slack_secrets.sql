-- Archives imported before every Slack secret was stripped (only `t=xoxe-…` in message text was) may still
-- hold `token=xoxe-…` links and bare `xoxb-…` tokens. SQL cannot find where such a token ends, so this only
-- asks for the repair; migrate.ts runs it in TypeScript with the importer's own rule, and removes this request
-- once done (src/core/db/strip-stored-secrets.ts).
INSERT OR REPLACE INTO `settings` (`key`, `value`, `updated_at`) VALUES ('repair:slack-secrets', 'pending', CAST(unixepoch('subsec') * 1000 AS INTEGER));
