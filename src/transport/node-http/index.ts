export { DEFAULT_BODY_LIMIT, serve, type RunningServer, type ServeOptions } from './server.ts';
