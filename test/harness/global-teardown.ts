export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.switchboardTestServers ?? [];
  await Promise.all(servers.map((server) => server.stop()));
  if (servers.length > 0) console.log(`[harness] stopped ${servers.length} test server(s)`);
}
