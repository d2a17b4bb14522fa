// One line of `cxhook simulate`'s REPL: what the user says, or a slash command (intent, event, DTMF,
// params, reset, quit, help). Cheap to load: the command's --help lists the same commands.
import type { UserTurn } from '../simulator/engine/types.ts';
import { parseAssignment } from './build-request.ts';
import { messageOf } from './io.ts';

/** The REPL's commands, as `/help` and `cxhook simulate --help` list them. */
export const REPL_HELP: readonly string[] = [
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
