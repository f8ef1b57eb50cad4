// Calls conversations.requestSharedInvite.list N times through Slack's official Node SDK
// (@slack/web-api WebClient) against a running emulator and prints the mean time per call.
//
// Usage: node web_api_loop.mjs <base_url> <calls>   (with @slack/web-api resolvable)
import { WebClient, LogLevel } from '@slack/web-api';

const [baseUrl, callsText] = process.argv.slice(2);
const calls = Number(callsText);
const client = new WebClient('xoxb-acme-bot', { slackApiUrl: baseUrl, logLevel: LogLevel.ERROR });
await client.conversations.requestSharedInvite.list();
const started = process.hrtime.bigint();
for (let i = 0; i < calls; i++) {
  await client.conversations.requestSharedInvite.list();
}
const perCall = Number(process.hrtime.bigint() - started) / 1000 / calls;
console.log(`@slack/web-api (Node ${process.version}): ${perCall.toFixed(1)} us per call over ${calls} calls`);
