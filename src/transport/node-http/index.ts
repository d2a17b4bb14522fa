export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_HEADER_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  serve,
  type RunningServer,
  type ServeOptions,
} from './server.ts';
export type { ClientCertificates, TlsOptions } from './tls.ts';
