// What the layer servers share: the constant answer and where to listen (PORT and HOST, as the
// bench gives them to every server).
import type { RawResponse } from '../../src/app/handle.ts';

const BODY = JSON.stringify({ fulfillmentResponse: { messages: [{ text: { text: ['ok'] } }] } });

/** A new object each time: the adapter adds content-length to the headers it is given. */
export function answer(): RawResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: BODY };
}

export function listenOptions(): { port: number; host: string; handleSignals: true } {
  return { port: Number(process.env.PORT ?? '8080'), host: process.env.HOST ?? '127.0.0.1', handleSignals: true };
}
