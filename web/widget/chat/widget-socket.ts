import { ServerFrame } from "../../../workers/wire/socket";
import { LiveSocket, type LiveSocketOptions } from "../../shared/live-socket";

/**
 * The shopper's socket: every frame is parsed with the server's own schema (`workers/wire/socket.ts`,
 * zod/mini: about 8 KB gzipped here) before the chat sees it; a malformed one is dropped.
 */
export function widgetSocket(opts: Omit<LiveSocketOptions<ServerFrame>, "schema">) {
  return new LiveSocket<ServerFrame>({ ...opts, schema: ServerFrame });
}
