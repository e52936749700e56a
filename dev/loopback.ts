/**
 * An HTTP server of the dev kit (the fault proxy, the load endpoint) on a
 * free loopback port, with a close that does not wait for idle keep-alive
 * connections.
 */
import type * as http from "node:http";
import type * as net from "node:net";

/** A listening server's endpoint, and how to close it with every connection it holds. */
export interface Listening {
    endpoint: string;
    close(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1. */
export async function listenOnLoopback(server: http.Server): Promise<Listening> {
    const sockets = new Set<net.Socket>();
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        close() {
            for (const s of sockets) s.destroy();
            return new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
