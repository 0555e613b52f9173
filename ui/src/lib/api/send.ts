// The one door from the generated client (./generated/client.ts) to the transport: every use
// case's function calls `send`, which hands `{cmd, args}` to Tauri IPC in the desktop window
// or to `groundwork serve` over HTTP in a browser.
import { selectTransport, type Transport } from './transport';

let transport: Transport | null = null;

export function current(): Transport {
  transport ??= selectTransport();
  return transport;
}

/** For tests: talk through this transport instead of the detected one. */
export function useTransport(t: Transport | null): void {
  transport = t;
}

/** Send one use case's request; the generated client types its arguments and answer. */
export function send(cmd: string, args: Record<string, unknown>): Promise<unknown> {
  return current().call({ cmd, args });
}

/**
 * Send a request that names files on this machine by path (`LocalRequest`, the generated
 * ./generated/local-client.ts): only the desktop shell takes them, for paths its user picked
 * in a dialog or dropped onto the window; a browser's transport refuses them.
 */
export function sendLocal(cmd: string, args: Record<string, unknown>): Promise<unknown> {
  return current().callLocal({ cmd, args });
}
