/** Transports to the engine and the typed client over them. */
export { chooseTransport, type TransportKind } from './choose-transport';
export { ipcTransport } from './ipc-transport';
export { webTransport, type WebTransportEnv } from './web-transport';
export { createClient, type Client, type Transport } from '../../shared/rpc/client';
