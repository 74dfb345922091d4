// `npm test`: the same suite on Node, Bun and Deno, one after the other, with a summary line per
// runtime and a total. Fails when any runtime fails or runs no test.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const testFiles = (dir, ext) =>
  readdirSync(new URL(`../${dir}/`, import.meta.url))
    .filter((f) => f.endsWith(`.test.${ext}`))
    .sort()
    .map((f) => `${dir}/${f}`);

const RUNTIMES = [
  {
    name: 'node',
    command: [process.execPath, '--test', '--test-reporter=spec', ...testFiles('dist/test', 'js')],
    counts: (out) => [/^\S* ?pass (\d+)$/m, /^\S* ?fail (\d+)$/m].map((re) => Number(out.match(re)?.[1])),
  },
  {
    name: 'bun',
    command: [bin('bun'), 'test', '--timeout', '120000', ...testFiles('test', 'ts').map((f) => `./${f}`)],
    counts: (out) => [/^\s*(\d+) pass$/m, /^\s*(\d+) fail$/m].map((re) => Number(out.match(re)?.[1])),
  },
  {
    name: 'deno',
    command: [bin('deno'), 'task', '--quiet', 'test'],
    // Deno counts describe() blocks as tests and it() blocks as steps: the steps are the tests.
    counts: (out) => {
      const m = out.match(/(\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?/);
      return m ? [Number(m[2] ?? m[1]), Number(m[4] ?? m[3])] : [NaN, NaN];
    },
  },
];

const only = process.argv.slice(2);
const summaries = [];
let ok = true;
for (const runtime of RUNTIMES.filter((r) => only.length === 0 || only.includes(r.name))) {
  console.log(`\n=== ${runtime.name} ===`);
  const { code, output } = await run(runtime.command);
  const [passed, failed] = runtime.counts(output.replace(/\x1b\[[0-9;]*m/g, ''));
  const counted = Number.isFinite(passed) && Number.isFinite(failed);
  const green = code === 0 && counted && failed === 0 && passed > 0;
  ok &&= green;
  summaries.push({ name: runtime.name, passed: counted ? passed : 0, failed: counted ? failed : 1, code });
}

console.log('');
for (const s of summaries) console.log(`${s.name}: ${s.passed} passed, ${s.failed} failed${s.code ? ` (exit ${s.code})` : ''}`);
const total = (key) => summaries.reduce((sum, s) => sum + s[key], 0);
console.log(`total: ${total('passed')} passed, ${total('failed')} failed`);
process.exit(ok ? 0 : 1);

function run([command, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: new URL('..', import.meta.url),
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 15 * 60 * 1000);
    child.on('close', (code) => {
      clearTimeout(watchdog);
      resolve({ code: code ?? 1, output });
    });
  });
}
