// Starts Modular.Simulators (the Release build) on a free loopback port for one test file, and stops it after.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

const dll = fileURLToPath(new URL('../../src/Modular.Simulators/bin/Release/net10.0/Modular.Simulators.dll', import.meta.url));
const listening = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts a simulator process; resolves to { base, stop, output } once it says where it listens. */
export function startSimulator() {
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing: run 'dotnet build src/Modular.Simulators -c Release' first.`);
  }
  const child = spawn('dotnet', [dll, '--urls', 'http://127.0.0.1:0'], {
    env: {
      ...process.env,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      // The "Now listening on" line is the host's lifetime log, in the simple (plain text) console format.
      Logging__Console__FormatterName: 'simple',
      Logging__LogLevel__Default: 'Warning',
      'Logging__LogLevel__Microsoft.Hosting.Lifetime': 'Information',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  // Should the test process end without its after() hook (a crash), the simulator does not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await stopped;
  };
  const started = new Promise((resolve, reject) => {
    let found = false;
    const append = (chunk) => {
      output = (output + chunk).slice(-100_000);
      const match = !found && listening.exec(output);
      if (match) {
        found = true;
        resolve({ base: match[1], stop, output: () => output });
      }
    };
    child.stdout.setEncoding('utf8').on('data', append);
    child.stderr.setEncoding('utf8').on('data', append);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`The simulator stopped before listening (${code ?? signal}):\n${output}`)));
  });
  return started;
}

/**
 * One simulator for the calling test file: `sim.base` is its root (no trailing slash) once the file's tests run.
 * `sim.admin(path, init)` calls its test-only admin surface (`/_simulator/...`).
 */
export function useSimulator() {
  const sim = {
    base: undefined,
    async admin(path, { method = 'GET', body } = {}) {
      const response = await fetch(`${sim.base}/_simulator${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} /_simulator${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    /** Injects a fault (README, "Fault injection"); resolves to its id. */
    async fault(rule) {
      return (await sim.admin('/faults', { method: 'POST', body: rule })).id;
    },
    /** The sequence number of the newest request logged so far (0 for none): later ones are greater. */
    async lastSequence() {
      return (await sim.requests({ take: 1 }))[0]?.sequence ?? 0;
    },
    /** The request log, newest first. */
    async requests(query) {
      return (await sim.admin(`/requests?${new URLSearchParams(query)}`)).requests;
    },
  };
  let running;
  before(async () => {
    running = await startSimulator();
    sim.base = running.base;
  });
  after(async () => {
    await running?.stop();
  });
  return sim;
}
