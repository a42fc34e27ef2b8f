import type WebSocket from 'ws';

/** The text of a websocket frame, whichever of its binary shapes `ws` hands over. */
export function frameText(raw: WebSocket.RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
