import { parseArgs } from 'node:util';
import { startSimulator } from './server';

/**
 * Runs the simulator on its own, for poking at it by hand or from another process:
 *   npx tsx test/simulator/main.ts [--port 8443] [--proxy-port 8080] [--quiet]
 * then e.g. curl -k -X POST https://127.0.0.1:8443/__sim/jobs -d '{"durationMs":10000}'.
 */

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'proxy-port': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const sim = await startSimulator({
  ...(values.port !== undefined ? { port: Number(values.port) } : {}),
  ...(values['proxy-port'] !== undefined ? { proxyPort: Number(values['proxy-port']) } : {}),
  log: values.quiet ? () => {} : (line) => console.log(line),
});
console.log(JSON.stringify({ port: sim.port, proxyPort: sim.proxyPort, hostResolverRules: sim.hostResolverRules }));

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
