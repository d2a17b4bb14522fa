// `cxhook simulate <agent>`: talk to the agent in the terminal. A plain line is what the user says;
// slash commands send intents, events and DTMF, show or reset the session. After the agent's texts,
// dim lines say how the turn matched, where it went, which webhooks it called and what it raised.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createSimulator } from '../simulator/engine/index.ts';
import type { SessionStart, SimSession, Simulator, TurnResult, UserTurn } from '../simulator/engine/types.ts';
import { describeMatch } from '../simulator/testing/index.ts';
import { prepareAgent, type AgentCommandOptions } from './agent-setup.ts';
import { parseAssignment } from './build-request.ts';
import { EXIT, messageOf, type ResolvedIo } from './io.ts';

export interface SimulateOptions extends AgentCommandOptions {
  /** Start flow display name (default: the agent's start flow). */
  flow?: string;
  /** Start page display name in that flow (default: its start page). */
  page?: string;
}

const HELP = [
  'type what the user says, or:',
  '  /intent <name> [param=value …]   match an intent directly (the name may hold spaces)',
  '  /event <name>                    raise an event',
  '  /dtmf <digits>                   send DTMF digits',
  '  /params                          show the session parameters',
  '  /reset                           start a new session',
  '  /quit                            leave (so does the end of input or Ctrl-D)',
];

/** What a line asks for: a turn to send, a command, or a mistake to report. */
export type ReplLine =
  | { kind: 'turn'; turn: UserTurn }
  | { kind: 'params' | 'reset' | 'quit' | 'help' | 'empty' }
  | { kind: 'error'; message: string };

/**
 * Reads one REPL line.
 * @example parseLine('/intent book guests=4') // { kind: 'turn', turn: { intent: 'book', parameters: { guests: 4 } } }
 */
export function parseLine(line: string): ReplLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'turn', turn: { text } };
  const [command = '', ...words] = text.slice(1).split(/\s+/);
  const rest = words.join(' ');
  switch (command) {
    case 'intent': {
      // Intent names may hold spaces (`Default Welcome Intent`): the name runs up to the first name=value.
      const first = words.findIndex((word) => word.includes('='));
      const name = (first === -1 ? words : words.slice(0, first)).join(' ').replace(/^"(.*)"$/, '$1');
      const pairs = first === -1 ? [] : words.slice(first);
      if (!name) return { kind: 'error', message: '/intent needs an intent name, e.g. /intent head.send.group.request destination=Mexico' };
      try {
        const parameters = Object.fromEntries(pairs.map((pair) => parseAssignment(pair, '/intent')).map(({ name: key, value }) => [key, value]));
        return { kind: 'turn', turn: pairs.length ? { intent: name, parameters } : { intent: name } };
      } catch (error) {
        return { kind: 'error', message: messageOf(error) };
      }
    }
    case 'event':
      return rest ? { kind: 'turn', turn: { event: rest } } : { kind: 'error', message: '/event needs an event name, e.g. /event custom.ping' };
    case 'dtmf':
      return /^[0-9*#]+$/.test(rest) ? { kind: 'turn', turn: { dtmf: rest } } : { kind: 'error', message: '/dtmf needs digits (0-9, * and #), e.g. /dtmf 12#' };
    case 'params':
    case 'reset':
    case 'quit':
    case 'help':
      return words.length ? { kind: 'error', message: `/${command} takes nothing after it` } : { kind: command };
    case 'exit':
      return { kind: 'quit' };
    default:
      return { kind: 'error', message: `unknown command /${command} (try /help)` };
  }
}

/**
 * The lines a turn prints: the agent's texts, then dim details.
 * @example formatTurn(result, previous, io.colors) // ['Where would you like to go?', '  · intent head.send.group.request (0.92)', …]
 */
export function formatTurn(result: TurnResult, before: { flow: string; page: string }, colors: ResolvedIo['colors']): string[] {
  const lines = result.texts.map((text) => text.text);
  const detail = (line: string) => lines.push(colors.dim(`  · ${line}`));
  const { match } = result;
  if (match.kind === 'intent') detail(`intent ${match.intent} (${match.confidence.toFixed(2)})`);
  else detail(`match ${describeMatch(match)}`);
  if (result.flow !== before.flow || result.page !== before.page) detail(`page ${before.flow} › ${before.page} → ${result.flow} › ${result.page}`);
  for (const call of result.webhookCalls) {
    const status = call.httpStatus === undefined ? '' : ` ${call.httpStatus}`;
    const why = call.detail ? `: ${call.detail}` : '';
    detail(`webhook ${call.webhook} tag=${call.tag || '(none)'} ${call.outcome}${status} ${Math.round(call.durationMs)} ms${why}`);
  }
  if (result.events.length) detail(`events ${result.events.join(', ')}`);
  if (result.ended) detail('conversation ended (/reset starts a new one)');
  return lines;
}

export interface ReplOptions {
  simulator: Simulator;
  start: SessionStart;
  input: NodeJS.ReadableStream;
  io: ResolvedIo;
  /** Prompt and no echo (a person at a terminal), or echo each line (piped input). */
  interactive: boolean;
}

/**
 * Runs the conversation loop until `/quit` or the end of input.
 * @example await repl({ simulator, start: {}, input: process.stdin, io, interactive: process.stdin.isTTY });
 */
export async function repl(options: ReplOptions): Promise<void> {
  const { simulator, start, input, io, interactive } = options;
  const c = io.colors;
  let session: SimSession = simulator.session(start);
  // At a terminal readline edits the line and keeps a history; piped input is read as plain lines.
  const lines = interactive
    ? createInterface({ input, output: process.stdout, terminal: true, prompt: c.cyan('you › ') })
    : createInterface({ input, terminal: false, crlfDelay: Infinity });
  // Ctrl-C leaves, as Ctrl-D does (readline would otherwise only pause the input).
  lines.on('SIGINT', () => lines.close());
  const prompt = () => {
    if (interactive) lines.prompt();
  };
  io.err(c.dim(`simulating ${simulator.agent.displayName ?? simulator.agent.origin} from ${session.state.flow} › ${session.state.page}; /help lists the commands`));
  prompt();
  for await (const line of lines) {
    // Piped input is not shown by a terminal, so the transcript would lack the user's side.
    if (!interactive && line.trim() !== '') io.out(c.cyan(`you › ${line.trim()}`));
    const parsed = parseLine(line);
    if (parsed.kind === 'quit') break;
    if (parsed.kind === 'help') io.out(HELP.join('\n'));
    else if (parsed.kind === 'error') io.err(c.red(parsed.message));
    else if (parsed.kind === 'params') io.out(JSON.stringify(session.state.parameters, null, 2));
    else if (parsed.kind === 'reset') {
      session = simulator.session(start);
      io.out(c.dim(`  · new session at ${session.state.flow} › ${session.state.page}`));
    } else if (parsed.kind === 'turn') {
      if (session.state.ended) {
        io.err(c.yellow('the conversation has ended; /reset starts a new one'));
      } else {
        const before = { flow: session.state.flow, page: session.state.page };
        try {
          io.out(formatTurn(await session.send(parsed.turn), before, c).join('\n'));
        } catch (error) {
          io.err(c.red(`the turn failed: ${messageOf(error)}`));
        }
      }
    }
    prompt();
  }
  lines.close();
  if (interactive) io.out();
}

/**
 * Loads everything and runs the REPL on `input`; returns the exit code.
 * @example const code = await runSimulate('agent/', { app: './src/app.ts' }, io, process.stdin);
 */
export async function runSimulate(agentPath: string, options: SimulateOptions, io: ResolvedIo, input: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<number> {
  const { agent, webhook, stubs } = await prepareAgent(agentPath, options, io);
  const simulator = createSimulator({ agent, stubs, ...(webhook ? { webhook } : {}) });
  const start: SessionStart = { ...(options.flow === undefined ? {} : { flow: options.flow }), ...(options.page === undefined ? {} : { page: options.page }) };
  await repl({ simulator, start, input, io, interactive: input.isTTY === true });
  return EXIT.ok;
}

/** Adds `simulate` to the program; `done` receives the exit code. */
export function registerSimulate(program: Command, io: ResolvedIo, done: (code: number) => void, input: () => NodeJS.ReadableStream & { isTTY?: boolean } = () => process.stdin): Command {
  return program
    .command('simulate')
    .description('talk to the agent in the terminal, offline, with the app answering its webhooks')
    .argument('<agent>', 'the agent export: a folder holding agent.json, or a .zip')
    .option('--app <module>', 'a TS or JS file exporting the webhook app, called in-process')
    .option('--url <url>', 'a running webhook to call over HTTP instead')
    .option('--stubs <file>', 'canned webhook answers by tag or webhook name (JSON, YAML, or a TS/JS module)')
    .option('--flow <flow>', 'start in this flow (default: the agent’s start flow)')
    .option('--page <page>', 'start on this page of the flow (default: its start page)')
    .addHelpText('after', `\n${HELP.join('\n')}\n\nExample:\n  $ cxhook simulate ./agent --app ./src/app.ts\n  $ printf 'hi\\nI want to book a trip\\n' | cxhook simulate ./agent --stubs stubs.yaml`)
    .action(async (agentPath: string, options: SimulateOptions) => {
      done(await runSimulate(agentPath, options, io, input()));
    });
}
