/**
 * Benchmark of the exact b-matching solver (src/matching/engine/bmatching-solver.ts).
 *
 *   npm run bench:matching                      seeded realistic instances, one table per size
 *   npm run bench:matching -- --large           ... plus 100,000 seekers x 50,000 buddies
 *   npm run bench:matching -- --instance FILE   solve FILE (objective 'weight'), print one JSON line
 *   npm run bench:matching -- --write-instance FILE --seekers N --buddies M --degree D --seed X
 *
 * Instance file format: {"seekers": S, "buddyCapacities": [c0, ...], "edges": [[seeker, buddy, weight], ...]}
 * with 0-based indices, integer weights >= 0 and each pair at most once.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BMatchingProblem, BMatchingSolution } from '../src/matching/engine/assignment.types';
import { solveBMatching } from '../src/matching/engine/bmatching-solver';
import { solveGreedy } from '../src/matching/engine/greedy-solver';
import { solveReference } from '../src/matching/engine/reference-solver';

interface Instance {
  seekers: number;
  buddies: number;
  capacities: Int32Array;
  edgeSeeker: Int32Array;
  edgeBuddy: Int32Array;
  edgeWeight: Int32Array;
}

// ---------------------------------------------------------------------------------------------
// Seeded generator of realistic instances

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LANGUAGES = 40;
const SITUATIONS = 15;
const POSTCODE_AREAS = 60;
const CHILD_YEARS = 10;
const AVAILABILITY_SLOTS = 14;

/** Samples an index with probability proportional to weights (cumulative, binary search). */
function sampler(weights: number[], random: () => number): () => number {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cumulative[i] = sum += w));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** A random subset of `bits` bits with `count` set (duplicates collapse, so at most `count`). */
function randomMask(bits: number, count: number, random: () => number): number {
  let mask = 0;
  for (let i = 0; i < count; i++) mask |= 1 << Math.floor(random() * bits);
  return mask;
}

/**
 * Parents with skewed languages (Zipf: a few large groups, a long tail of rare ones), situations,
 * postcode areas, children's school years and availability. A seeker and a buddy are candidates
 * only when they share a language; each seeker keeps at most `degree` of those at random.
 * Weights (0 .. ~800) reward shared languages, situations the buddy has experience with, the
 * same neighbourhood, children in the same year and common availability.
 */
function generate(seekers: number, buddies: number, degree: number, seed: number): Instance {
  const random = prng(seed);
  const language = sampler(
    Array.from({ length: LANGUAGES }, (_, r) => 1 / Math.pow(r + 1, 1.3)),
    random,
  );
  const area = sampler(
    Array.from({ length: POSTCODE_AREAS }, (_, r) => 1 / (r + 1)),
    random,
  );
  const n = seekers + buddies;
  const lang1 = new Int32Array(n);
  const lang2 = new Int32Array(n).fill(-1);
  const situations = new Int32Array(n);
  const areas = new Int32Array(n);
  const years = new Int32Array(n);
  const availability = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lang1[i] = language();
    if (random() < 0.4) {
      const second = language();
      if (second !== lang1[i]) lang2[i] = second;
    }
    situations[i] = randomMask(SITUATIONS, Math.floor(random() * 4), random);
    areas[i] = area();
    years[i] = randomMask(CHILD_YEARS, 1 + Math.floor(random() * 2), random);
    availability[i] = randomMask(AVAILABILITY_SLOTS, 2 + Math.floor(random() * 4), random);
  }
  const capacities = new Int32Array(buddies);
  for (let b = 0; b < buddies; b++) {
    const x = random();
    capacities[b] = x < 0.5 ? 1 : x < 0.8 ? 2 : 3;
  }

  // Buddies per language (a buddy is listed under each of its languages).
  const byLanguage: number[][] = Array.from({ length: LANGUAGES }, () => []);
  for (let b = 0; b < buddies; b++) {
    const i = seekers + b;
    byLanguage[lang1[i]].push(b);
    if (lang2[i] >= 0) byLanguage[lang2[i]].push(b);
  }

  const weight = (s: number, b: number): number => {
    const j = seekers + b;
    const sharedLanguages =
      (lang1[s] === lang1[j] || lang1[s] === lang2[j] ? 1 : 0) +
      (lang2[s] >= 0 && (lang2[s] === lang1[j] || lang2[s] === lang2[j]) ? 1 : 0);
    return (
      60 * sharedLanguages +
      90 * popcount(situations[s] & situations[j]) +
      (areas[s] === areas[j] ? 150 : 0) +
      (years[s] & years[j] ? 70 : 0) +
      15 * popcount(availability[s] & availability[j]) +
      Math.floor(random() * 40)
    );
  };

  let edgeSeeker = new Int32Array(seekers * Math.min(degree, buddies) + 16);
  let edgeBuddy = new Int32Array(edgeSeeker.length);
  let edgeWeight = new Int32Array(edgeSeeker.length);
  let m = 0;
  const stamp = new Int32Array(buddies).fill(-1);
  for (let s = 0; s < seekers; s++) {
    const l1 = byLanguage[lang1[s]];
    const l2 = lang2[s] >= 0 ? byLanguage[lang2[s]] : [];
    const pool = l1.length + l2.length;
    const pick = (b: number): void => {
      if (stamp[b] === s) return;
      stamp[b] = s;
      edgeSeeker[m] = s;
      edgeBuddy[m] = b;
      edgeWeight[m] = weight(s, b);
      m++;
    };
    if (pool <= degree) {
      for (const b of l1) pick(b);
      for (const b of l2) pick(b);
    } else {
      // Rejection sampling of `degree` distinct buddies from the pool (pool > degree).
      let picked = 0;
      for (let tries = 0; picked < degree && tries < 20 * degree; tries++) {
        const r = Math.floor(random() * pool);
        const b = r < l1.length ? l1[r] : l2[r - l1.length];
        if (stamp[b] !== s) picked++;
        pick(b);
      }
    }
  }
  edgeSeeker = edgeSeeker.slice(0, m);
  edgeBuddy = edgeBuddy.slice(0, m);
  edgeWeight = edgeWeight.slice(0, m);
  return { seekers, buddies, capacities, edgeSeeker, edgeBuddy, edgeWeight };
}

function problem(instance: Instance, objective: BMatchingProblem['objective']): BMatchingProblem {
  return {
    seekers: instance.seekers,
    buddies: instance.buddies,
    capacities: instance.capacities,
    edgeSeeker: instance.edgeSeeker,
    edgeBuddy: instance.edgeBuddy,
    edgeWeight: instance.edgeWeight,
    objective,
  };
}

// ---------------------------------------------------------------------------------------------
// Instance files

/** Writes an instance as JSON in chunks, so that 10M edges never become one giant string. */
function writeInstance(file: string, instance: Instance): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(
      fd,
      `{"seekers": ${instance.seekers}, "buddyCapacities": [${Array.from(instance.capacities).join(', ')}], "edges": [`,
    );
    const chunk: string[] = [];
    for (let e = 0; e < instance.edgeSeeker.length; e++) {
      chunk.push(
        `${e > 0 ? ', ' : ''}[${instance.edgeSeeker[e]}, ${instance.edgeBuddy[e]}, ${instance.edgeWeight[e]}]`,
      );
      if (chunk.length === 65536) {
        writeSync(fd, chunk.join(''));
        chunk.length = 0;
      }
    }
    writeSync(fd, chunk.join('') + ']}\n');
  } finally {
    closeSync(fd);
  }
}

class InstanceFormatError extends Error {}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Reads an instance file with a byte-level scanner straight into typed arrays (JSON.parse would
 * build 10M small arrays). Accepts any JSON whitespace and key order; rejects anything else.
 */
function readInstance(file: string): Instance {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (error) {
    throw new InstanceFormatError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let pos = 0;
  const fail = (what: string): never => {
    throw new InstanceFormatError(`${file}: ${what} at byte ${pos}`);
  };
  const skipSpace = (): void => {
    while (pos < buf.length) {
      const c = buf[pos];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };
  const expect = (ch: string): void => {
    skipSpace();
    if (buf[pos] !== ch.charCodeAt(0)) fail(`expected '${ch}'`);
    pos++;
  };
  /** Is the next non-space byte `ch`? Consumes it when so. */
  const accept = (ch: string): boolean => {
    skipSpace();
    if (buf[pos] === ch.charCodeAt(0)) {
      pos++;
      return true;
    }
    return false;
  };
  const readInt = (what: string): number => {
    skipSpace();
    const start = pos;
    let value = 0;
    while (pos < buf.length && buf[pos] >= 0x30 && buf[pos] <= 0x39) {
      value = value * 10 + (buf[pos] - 0x30);
      pos++;
    }
    if (pos === start) fail(`expected a non-negative integer ${what}`);
    if (pos - start > 1 && buf[start] === 0x30) fail(`leading zero in ${what}`);
    // Rare: a writer that prints integers as 5.0 or 1e3. Accept them when the value is whole.
    const c = buf[pos];
    if (c === 0x2e || c === 0x65 || c === 0x45) {
      while (pos < buf.length && /[0-9.eE+-]/.test(String.fromCharCode(buf[pos]))) pos++;
      const exact = Number(buf.toString('latin1', start, pos));
      if (!Number.isInteger(exact) || exact < 0) fail(`expected a non-negative integer ${what}`);
      value = exact;
    }
    if (value > 0x7fffffff) fail(`${what} too large`);
    return value;
  };
  /** Skips one JSON value of a key we do not use (e.g. a "buddies" count or a comment). */
  const skipValue = (): void => {
    skipSpace();
    const c = buf[pos];
    if (c === 0x22) {
      pos++;
      while (pos < buf.length && buf[pos] !== 0x22) pos += buf[pos] === 0x5c ? 2 : 1;
      if (pos >= buf.length) fail('unterminated string');
      pos++;
    } else if (c === 0x5b || c === 0x7b) {
      const close = c === 0x5b ? ']' : '}';
      pos++;
      if (accept(close)) return;
      do {
        if (c === 0x7b) readKey();
        skipValue();
      } while (accept(','));
      expect(close);
    } else {
      const start = pos;
      while (pos < buf.length && /[0-9a-zA-Z.+-]/.test(String.fromCharCode(buf[pos]))) pos++;
      if (pos === start) fail('expected a value');
    }
  };
  const readKey = (): string => {
    expect('"');
    const start = pos;
    while (pos < buf.length && buf[pos] !== 0x22) pos++;
    if (pos >= buf.length) fail('unterminated string');
    const key = buf.toString('latin1', start, pos);
    pos++;
    expect(':');
    return key;
  };

  let seekers = -1;
  let capacities: Int32Array | null = null;
  let edges: { s: Int32Array; b: Int32Array; w: Int32Array } | null = null;
  expect('{');
  if (!accept('}')) {
    do {
      const key = readKey();
      if (key === 'seekers') {
        seekers = readInt('seekers');
      } else if (key === 'buddyCapacities') {
        const list = new IntList();
        expect('[');
        if (!accept(']')) {
          do list.push(readInt('capacity'));
          while (accept(','));
          expect(']');
        }
        capacities = list.toArray();
      } else if (key === 'edges') {
        const s = new IntList();
        const b = new IntList();
        const w = new IntList();
        expect('[');
        if (!accept(']')) {
          do {
            expect('[');
            s.push(readInt('seeker'));
            expect(',');
            b.push(readInt('buddy'));
            expect(',');
            w.push(readInt('weight'));
            expect(']');
          } while (accept(','));
          expect(']');
        }
        edges = { s: s.toArray(), b: b.toArray(), w: w.toArray() };
      } else {
        skipValue();
      }
    } while (accept(','));
    expect('}');
  }
  skipSpace();
  if (pos !== buf.length) fail('trailing content');
  if (seekers < 0) fail('missing "seekers"');
  if (!capacities) return fail('missing "buddyCapacities"');
  if (!edges) return fail('missing "edges"');

  const buddies = capacities.length;
  const stamp = new Int32Array(buddies).fill(-1);
  // Range and duplicate checks; duplicates are found per seeker after bucketing the edges.
  const count = new Int32Array(seekers + 1);
  for (let e = 0; e < edges.s.length; e++) {
    if (edges.s[e] >= seekers)
      throw new InstanceFormatError(
        `${file}: edge ${e} has seeker ${edges.s[e]} >= seekers (${seekers})`,
      );
    if (edges.b[e] >= buddies)
      throw new InstanceFormatError(
        `${file}: edge ${e} has buddy ${edges.b[e]} >= number of buddies (${buddies})`,
      );
    count[edges.s[e] + 1]++;
  }
  for (let s = 0; s < seekers; s++) count[s + 1] += count[s];
  const order = new Int32Array(edges.s.length);
  const fill = count.slice(0, seekers);
  for (let e = 0; e < edges.s.length; e++) order[fill[edges.s[e]]++] = e;
  for (let s = 0; s < seekers; s++) {
    for (let i = count[s]; i < count[s + 1]; i++) {
      const b = edges.b[order[i]];
      if (stamp[b] === s)
        throw new InstanceFormatError(`${file}: pair (${s}, ${b}) occurs more than once`);
      stamp[b] = s;
    }
  }
  return {
    seekers,
    buddies,
    capacities,
    edgeSeeker: edges.s,
    edgeBuddy: edges.b,
    edgeWeight: edges.w,
  };
}

// ---------------------------------------------------------------------------------------------
// Benchmark table

/** Runs `run` `repeat` times and reports the last result with the median time. */
function timed<T>(run: () => T, repeat = 1): { result: T; seconds: number } {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    result = run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return { result, seconds: times[Math.floor(repeat / 2)] };
}

const fmt = (x: number): string => x.toLocaleString('en-US');
const secs = (x: number): string => (x < 1 ? `${(x * 1000).toFixed(1)} ms` : `${x.toFixed(2)} s`);
const mb = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;

function benchSize(
  label: string,
  seekers: number,
  buddies: number,
  degree: number,
  seed: number,
  withReference: boolean,
): void {
  const instance = generate(seekers, buddies, degree, seed);
  const slots = instance.capacities.reduce((sum, c) => sum + c, 0);
  // Small sizes: median of several runs, so that the figure is not the JIT warming up.
  const repeat = instance.edgeSeeker.length < 1_000_000 ? 7 : 1;
  const weight = timed(() => solveBMatching(problem(instance, 'weight')), repeat);
  const cardinality = timed(
    () => solveBMatching(problem(instance, 'cardinality-then-weight')),
    repeat,
  );
  const greedy = timed(() => solveGreedy(problem(instance, 'cardinality-then-weight')), repeat);
  const rows: [string, string][] = [
    ['seekers / buddies (slots)', `${fmt(seekers)} / ${fmt(buddies)} (${fmt(slots)})`],
    ['edges', fmt(instance.edgeSeeker.length)],
  ];
  const line = (
    name: string,
    t: { result: BMatchingSolution; seconds: number },
  ): [string, string] => [
    name,
    `${secs(t.seconds)}  matched ${fmt(t.result.matched)}  total ${fmt(t.result.total)}`,
  ];
  rows.push(line("exact, 'weight'", weight));
  rows.push(line("exact, 'cardinality-then-weight'", cardinality));
  rows.push(line('greedy', greedy));
  if (withReference)
    rows.push(
      line(
        "reference (Bellman-Ford), 'weight'",
        timed(() => solveReference(problem(instance, 'weight'))),
      ),
    );
  const lostSeekers = cardinality.result.matched - greedy.result.matched;
  const lostTotal = weight.result.total - greedy.result.total;
  rows.push([
    'greedy gap',
    `${fmt(lostSeekers)} seekers unmatched that the exact solver matches; ` +
      `total ${((100 * lostTotal) / Math.max(1, weight.result.total)).toFixed(2)} % below the 'weight' optimum`,
  ]);
  const memory = process.memoryUsage();
  rows.push([
    'memory',
    `peak rss ${mb(process.resourceUsage().maxRSS * 1024)}, heap used ${mb(memory.heapUsed)}`,
  ]);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${label}`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
}

// ---------------------------------------------------------------------------------------------
// Command line

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function intArg(args: string[], name: string, fallback?: number): number {
  const raw = argValue(args, name);
  if (raw === undefined) {
    if (fallback === undefined) throw new InstanceFormatError(`missing ${name}`);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new InstanceFormatError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function main(args: string[]): void {
  const instanceFile = argValue(args, '--instance');
  const writeFile = argValue(args, '--write-instance');
  if (instanceFile !== undefined) {
    const instance = readInstance(instanceFile);
    console.error(
      `read ${fmt(instance.seekers)} seekers, ${fmt(instance.buddies)} buddies, ${fmt(instance.edgeSeeker.length)} edges`,
    );
    let solved: { result: BMatchingSolution; seconds: number };
    try {
      solved = timed(() => solveBMatching(problem(instance, 'weight')));
    } catch (error) {
      throw new InstanceFormatError(`${instanceFile}: ${(error as Error).message}`);
    }
    const { result, seconds } = solved;
    process.stdout.write(
      JSON.stringify({ total: result.total, matched: result.matched, seconds }) + '\n',
    );
  } else if (writeFile !== undefined) {
    const instance = generate(
      intArg(args, '--seekers'),
      intArg(args, '--buddies'),
      intArg(args, '--degree', 100),
      intArg(args, '--seed', 1),
    );
    writeInstance(writeFile, instance);
    console.error(`wrote ${writeFile}: ${fmt(instance.edgeSeeker.length)} edges`);
  } else {
    console.log(
      `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
    );
    benchSize('school of 300 parents (all candidates)', 180, 120, 1000, 1, true);
    benchSize('2,000 seekers', 2000, 1000, 100, 2, false);
    benchSize('20,000 seekers', 20000, 10000, 100, 3, false);
    if (args.includes('--large')) benchSize('100,000 seekers', 100000, 50000, 100, 4, false);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof InstanceFormatError)) throw error;
  console.error(`error: ${error.message}`);
  process.exit(2);
}
