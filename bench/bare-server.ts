// Throughput ceiling for the bench: the least work a Node webhook can do (read body, parse JSON,
// write a fixed WebhookResponse). Started with the same `--import tsx` loader as the reference
// so that start-up cost and memory baseline are comparable.
import http from 'node:http';

const RESPONSE = Buffer.from(
  JSON.stringify({ fulfillmentResponse: { messages: [{ text: { text: ['ok'] } }] } }),
);
const BAD_JSON = Buffer.from(JSON.stringify({ error: 'invalid JSON body' }));
const NOT_FOUND = Buffer.from(JSON.stringify({ error: 'not found' }));

function send(res: http.ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

const server = http.createServer((req, res) => {
  // Same route as the reference so the load generator hits an equivalent URL.
  if (req.method !== 'POST' || req.url !== '/webhook') {
    req.resume();
    send(res, 404, NOT_FOUND);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      send(res, 400, BAD_JSON);
      return;
    }
    send(res, 200, RESPONSE);
  });
});

const port = Number(process.env.PORT ?? '8080');
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host);

// The bench kills us with SIGTERM; exit at once instead of waiting for keep-alive sockets.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => process.exit(0));
}
