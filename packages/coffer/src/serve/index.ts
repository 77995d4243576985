export { type RunningServer, type ServeOptions, serve } from './serve.js';
export { type ServeBackend, type ServeBackends, serveBackend, serveHandler } from './serve-handler.js';
