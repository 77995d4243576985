export { type RunningServer, type ServeOptions, serve } from './serve';
export { type ServeBackend, type ServeBackends, serveBackend, serveHandler } from './serve-handler';
