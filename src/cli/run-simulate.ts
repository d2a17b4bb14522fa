// The work of `cxhook simulate`: loads the agent, then runs the conversation loop, printing the
// agent's texts and dim lines on how each turn matched. Imported by `simulate.ts` only when the command runs.
import { createInterface } from 'node:readline';
import { createSimulator } from '../simulator/engine/index.ts';
import type { SessionStart, SimSession, Simulator, TurnResult } from '../simulator/engine/types.ts';
import { describeMatch } from '../simulator/testing/index.ts';
import { prepareAgent } from './agent-setup.ts';
import { EXIT, messageOf, type ResolvedIo } from './io.ts';
import { parseLine, REPL_HELP } from './repl-line.ts';
import type { SimulateOptions } from './simulate.ts';

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
    if (parsed.kind === 'help') io.out(REPL_HELP.join('\n'));
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
