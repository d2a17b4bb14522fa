// Answers for requests node's HTTP parser refuses before any handler sees them (headers too large,
// broken HTTP, too slow): a coded JSON error like every other answer, then the connection closes.
// Node passes only the socket, so the response is written by hand.
import type { Duplex } from 'node:stream';
import { CxhookError } from '../../errors/index.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function errorFor(code: string | undefined): CxhookError {
  if (code === 'HPE_HEADER_OVERFLOW') return new CxhookError('CXH_ERR_HEADERS_TOO_LARGE');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new CxhookError('CXH_ERR_REQUEST_TIMEOUT');
  return new CxhookError('CXH_ERR_MALFORMED_HTTP', [code ?? 'unknown parser error']);
}

/** The whole HTTP/1.1 response for a parser error, as bytes for the socket. */
export function clientErrorResponse(code: string | undefined): string {
  const error = errorFor(code);
  const body = JSON.stringify(error.toJSON());
  return (
    `HTTP/1.1 ${error.status} ${REASONS[error.status] ?? 'Error'}\r\n` +
    'content-type: application/json; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'connection: close\r\n\r\n' +
    body
  );
}

/** The server's `clientError` listener. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset peer cannot read an answer, and one already started on this socket cannot be replaced.
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error.code));
  // end() flushes the answer; destroy() after it makes sure a silent client cannot keep the socket.
  socket.once('finish', () => socket.destroy());
}
