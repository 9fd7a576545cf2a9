/** A throwaway node:http server on a free loopback port, for tests that need a misbehaving or simple web server. */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestHttpServer {
  url: string;
  close(): Promise<void>;
}

export async function startHttpServer(handler: RequestListener): Promise<TestHttpServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
