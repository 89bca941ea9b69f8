/**
 * The engine behind the one API contract, ready for a front door: a dispatcher over the handler
 * table, the event hub to forward, and a shutdown. Used by the Electron utility process and the
 * web server (and by tests, with a fake or partial engine).
 */
export type { CallContext } from './handlers';
export type { Engine, EngineWorkspace, EngineOuthash, JobOptions } from './engine';
export type { EventHub, Emit } from './event-hub';
export { createApi, type ApiHost, type ApiOptions } from './create-api';
export { createDefaultEngine } from './default-engine';
