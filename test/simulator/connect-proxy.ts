import http from 'node:http';
import net from 'node:net';

/**
 * A plain-HTTP proxy whose every CONNECT tunnel ends at the simulator's TLS port, whatever host
 * the client asked for. Firefox has no --host-resolver-rules, so its E2E sets
 * `network.proxy.ssl` to this and reaches "graph.microsoft.com" etc. here.
 */

export interface ConnectProxy {
  server: http.Server;
  /** Local ports of our tunnel connections to the TLS port: lets the TLS side tell proxied requests apart. */
  tunnelPorts: Set<number>;
  destroyAll(): void;
}

export function createConnectProxy(options: {
  tlsPort: () => number;
  /** Plain (non-CONNECT) requests, e.g. a browser's absolute-form `GET http://...`. */
  onRequest: http.RequestListener;
  onConnect: (target: string, headers: http.IncomingHttpHeaders) => void;
}): ConnectProxy {
  const tunnelPorts = new Set<number>();
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = http.createServer(options.onRequest);
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    options.onConnect(req.url ?? '', req.headers);
    const upstream = net.connect(options.tlsPort(), '127.0.0.1');
    track(upstream);
    upstream.once('connect', () => {
      const port = upstream.localPort;
      if (port !== undefined) {
        tunnelPorts.add(port);
        upstream.once('close', () => tunnelPorts.delete(port));
      }
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    // Either side going away ends the tunnel; errors here are routine (browser closes sockets).
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
    upstream.on('close', end);
    client.on('close', end);
  });

  return {
    server,
    tunnelPorts,
    destroyAll: () => {
      for (const s of sockets) s.destroy();
    },
  };
}
