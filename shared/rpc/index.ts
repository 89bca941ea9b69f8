/** Transport-neutral RPC: envelope, dispatcher (engine side), client (caller side). */
export * from './envelope';
export * from './dispatcher';
export * from './client';
