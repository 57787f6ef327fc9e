import { afterEach, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { environmentFromLauncher, launcherEnvironmentLine, WAIT_FOR_LAUNCHER } from './launcher-gate.js';

const argv = ['node', 'main.mjs', WAIT_FOR_LAUNCHER];
const KEYS = ['DONDOC_GATE_TEST_A', 'DONDOC_GATE_TEST_B'];

describe('the environment an app started early by npm start waits for', () => {
  afterEach(() => KEYS.forEach((k) => delete process.env[k]));

  it('without --wait-for-launcher: goes on at once and reads nothing', async () => {
    const input = new PassThrough();
    await expect(environmentFromLauncher(['node', 'main.js'], input)).resolves.toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('sets the environment of the line the launcher writes, even when it arrives in pieces', async () => {
    const input = new PassThrough();
    const got = environmentFromLauncher(argv, input);
    const line = launcherEnvironmentLine({
      DONDOC_GATE_TEST_A: 'postgres://dondoc_app@127.0.0.1/x',
      DONDOC_GATE_TEST_B: 'Hà Giang',
      UNSET: undefined,
    });
    const bytes = Buffer.from(line);
    input.write(bytes.subarray(0, 7));
    input.write(bytes.subarray(7));
    await expect(got).resolves.toBe(true);
    expect(process.env.DONDOC_GATE_TEST_A).toBe('postgres://dondoc_app@127.0.0.1/x');
    expect(process.env.DONDOC_GATE_TEST_B).toBe('Hà Giang');
    expect(line).not.toContain('UNSET');
  });

  it('stdin closed before a line (the start was given up): false, nothing set', async () => {
    const input = new PassThrough();
    const got = environmentFromLauncher(argv, input);
    input.end();
    await expect(got).resolves.toBe(false);
    expect(process.env.DONDOC_GATE_TEST_A).toBeUndefined();
  });

  it('refuses anything but an object of strings, and a line over 256 KiB, setting nothing', async () => {
    for (const bad of ['[1,2]', '{"DONDOC_GATE_TEST_A": 5}', 'null', '{not json']) {
      const input = new PassThrough();
      const got = environmentFromLauncher(argv, input);
      input.write(`${bad}\n`);
      await expect(got).rejects.toThrow();
    }
    const input = new PassThrough();
    const got = environmentFromLauncher(argv, input);
    const big = `{"DONDOC_GATE_TEST_A":"${'x'.repeat(300 * 1024)}"}\n`;
    for (let i = 0; i < big.length; i += 64 * 1024) input.write(big.slice(i, i + 64 * 1024));
    await expect(got).rejects.toThrow(/over 262144 bytes/);
    expect(process.env.DONDOC_GATE_TEST_A).toBeUndefined();
  });
});
