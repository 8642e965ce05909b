// Slack's official Node SDK (@slack/web-api) against the simulator, pointed at it by slackApiUrl alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { useSimulator } from './simulator.js';

const sim = useSimulator();
const token = 'xoxb-demo-token'; // the simulator's static bot token: Acme (T01ACME), every scope
const general = 'C01ACMEGEN';
const client = (options = {}) => new WebClient(token, { slackApiUrl: `${sim.base}/slack/api/`, logLevel: LogLevel.ERROR, ...options });

test('auth.test answers the bot of the demo workspace', async () => {
  const result = await client().auth.test();
  assert.equal(result.ok, true);
  assert.equal(result.team_id, 'T01ACME');
  assert.equal(result.user_id, 'U01ACMEBOT');
  assert.equal(result.bot_id, 'B01ACMEBOT');
});

test('conversations.list pages with the SDK\'s paginate() over several pages', async () => {
  const web = client();
  const all = await web.conversations.list({ limit: 1000 });
  assert.equal(all.response_metadata.next_cursor, '');
  const names = all.channels.map((c) => c.name).sort();
  assert.deepEqual(names, ['general', 'old-project', 'random', 'sales', 'support']);

  const pages = [];
  for await (const page of web.paginate('conversations.list', { limit: 2 })) {
    assert.equal(page.ok, true);
    assert.ok(page.channels.length <= 2, `a page of ${page.channels.length} channels for limit 2`);
    pages.push(page);
  }
  assert.equal(pages.length, 3);
  const paged = pages.flatMap((p) => p.channels.map((c) => c.id));
  assert.equal(new Set(paged).size, paged.length, 'a channel came twice');
  assert.deepEqual([...paged].sort(), all.channels.map((c) => c.id).sort());
  assert.equal(pages.at(-1).response_metadata.next_cursor, '');
});

test('chat.postMessage, then conversations.history shows the message first', async () => {
  const web = client();
  const text = `Hello from the SDK test ${process.pid}`;
  const posted = await web.chat.postMessage({ channel: general, text });
  assert.equal(posted.ok, true);
  assert.equal(posted.channel, general);
  assert.match(posted.ts, /^\d+\.\d{6}$/);
  assert.equal(posted.message.text, text);
  assert.equal(posted.message.bot_id, 'B01ACMEBOT');

  const history = await web.conversations.history({ channel: general, limit: 10 });
  assert.equal(history.ok, true);
  assert.equal(history.messages[0].ts, posted.ts);
  assert.equal(history.messages[0].text, text);
  assert.equal(history.messages.length, 4, 'three demo messages and the new one');
});

test('a reply with thread_ts is in conversations.replies, not in the history', async () => {
  const web = client();
  const parent = await web.chat.postMessage({ channel: '#sales', text: 'Parent for a thread' });
  const reply = await web.chat.postMessage({ channel: parent.channel, text: 'A reply', thread_ts: parent.ts });
  assert.equal(reply.message.thread_ts, parent.ts);

  const replies = await web.conversations.replies({ channel: parent.channel, ts: parent.ts });
  assert.deepEqual(replies.messages.map((m) => m.text), ['Parent for a thread', 'A reply']);
  assert.equal(replies.messages[0].reply_count, 1);
  assert.equal(replies.messages[0].latest_reply, reply.ts);
  assert.equal(replies.messages[1].thread_ts, parent.ts);

  const history = await web.conversations.history({ channel: parent.channel });
  assert.ok(!history.messages.some((m) => m.ts === reply.ts), 'a thread reply that was not broadcast is not in the history');
});

test('users.lookupByEmail finds a demo user; an unknown email is the SDK\'s platform error users_not_found', async () => {
  const web = client();
  const found = await web.users.lookupByEmail({ email: 'Ada@Acme.example' });
  assert.equal(found.ok, true);
  assert.equal(found.user.profile.email, 'ada@acme.example');
  assert.equal(found.user.team_id, 'T01ACME');

  await assert.rejects(web.users.lookupByEmail({ email: 'nobody@acme.example' }), (error) => {
    assert.equal(error.code, ErrorCode.PlatformError);
    assert.equal(error.data.ok, false);
    assert.equal(error.data.error, 'users_not_found');
    return true;
  });
});

test('an unknown channel is the SDK\'s slack_webapi_platform_error channel_not_found', async () => {
  const web = client();
  await assert.rejects(web.chat.postMessage({ channel: 'C0NOSUCHCH', text: 'lost' }), (error) => {
    assert.equal(error.code, 'slack_webapi_platform_error');
    assert.equal(error.data.error, 'channel_not_found');
    return true;
  });
  await assert.rejects(web.conversations.info({ channel: 'C0NOSUCHCH' }), (error) => {
    assert.equal(error.code, ErrorCode.PlatformError);
    assert.equal(error.data.error, 'channel_not_found');
    return true;
  });
});

test('an injected 429 is waited out (Retry-After) and retried by the SDK, which then succeeds', async () => {
  const web = client();
  const limited = [];
  web.on('rate_limited', (retryAfter, { url }) => limited.push({ retryAfter, url }));
  const path = '/slack/api/conversations.info';
  const fault = await sim.fault({ vendor: 'slack', pathContains: path, kind: 'rate-limit', count: 1, retryAfterSeconds: 1 });
  const since = await sim.lastSequence();

  const info = await web.conversations.info({ channel: general });
  assert.equal(info.ok, true);
  assert.equal(info.channel.name, 'general');
  assert.deepEqual(limited, [{ retryAfter: 1, url: `${sim.base}${path}` }]);

  const calls = (await sim.requests({ vendor: 'slack', pathContains: path })).filter((c) => c.sequence > since).reverse();
  assert.deepEqual(calls.map((c) => [c.status, c.fault ?? null]), [[429, fault], [200, null]]);
});

test('with rejectRateLimitedCalls an injected 429 is the SDK\'s rate-limited error with retryAfter', async () => {
  const web = client({ rejectRateLimitedCalls: true });
  await sim.fault({ vendor: 'slack', pathContains: '/slack/api/users.info', kind: 'rate-limit', count: 1, retryAfterSeconds: 7 });
  await assert.rejects(web.users.info({ user: 'U01ACMEBOT' }), (error) => {
    assert.equal(error.code, ErrorCode.RateLimitedError);
    assert.equal(error.retryAfter, 7);
    return true;
  });
  // The fault was used up: the next call goes through.
  const user = await web.users.info({ user: 'U01ACMEBOT' });
  assert.equal(user.user.is_bot, true);
});
