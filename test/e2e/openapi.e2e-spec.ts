import SwaggerParser from '@apidevtools/swagger-parser';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { aPlatformAdmin, aSchool } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; schema?: { type?: string; format?: string } }[];
  responses: Record<string, unknown>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

describe('the OpenAPI document is valid and complete', () => {
  let t: TestApp;
  let doc: Doc;
  let operations: { key: string; path: string; op: Operation }[];
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body as Doc;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([m]) => METHODS.has(m))
        .map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, path, op })),
    );
  });
  afterAll(() => t.close());

  it('passes a real OpenAPI validator (schema, every $ref resolves)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('gives every operation a summary, a success response and an error response', () => {
    expect(operations.length).toBeGreaterThan(60);
    expect(operations.filter((o) => !o.op.summary?.trim()).map((o) => o.key)).toEqual([]);
    expect(
      operations
        .filter((o) => !Object.keys(o.op.responses).some((s) => /^[23]/.test(s)))
        .map((o) => o.key),
    ).toEqual([]);
    expect(
      operations
        .filter((o) => !Object.keys(o.op.responses).some((s) => /^[45]/.test(s)))
        .map((o) => o.key),
    ).toEqual([]);
  });

  it('names operations by stable, unique ids (not Controller_method)', () => {
    const ids = operations.map((o) => o.op.operationId ?? '');
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names every enum (a schema of its own, referenced where it is used)', () => {
    const full = doc as Doc & { components: { schemas: Record<string, { enum?: unknown[] }> } };
    const inline: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const named = /^#\/components\/schemas\/[^/]+$/.test(path);
      if ('enum' in node && !named) inline.push(path);
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
    };
    walk(full.paths, '#/paths');
    walk(full.components.schemas, '#/components/schemas');
    expect(inline).toEqual([]);
    expect(full.components.schemas.FormOfAddress?.enum).toEqual([
      'feminine',
      'masculine',
      'neutral',
    ]);
    expect(full.components.schemas.ShippedLanguage?.enum).toContain('ti');
  });

  it('types every id in a path as a uuid', () => {
    const untyped = operations.flatMap((o) =>
      (o.op.parameters ?? [])
        .filter((p) => p.in === 'path' && /(^id$|Id$)/.test(p.name))
        .filter((p) => p.schema?.format !== 'uuid')
        .map((p) => `${o.key} ${p.name}`),
    );
    expect(untyped).toEqual([]);
  });

  it('documents and answers the worker heartbeat check', async () => {
    expect(doc.paths['/health/worker']?.get?.operationId).toBe('healthWorker');
    const res = await t.http().get('/health/worker').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      workers: 1,
      lastBeatSecondsAgo: expect.any(Number) as number,
    });
    // Silence the heartbeat (the timer may beat in between: then try again).
    let silent: { worker: string; ready: string } | undefined;
    for (let i = 0; i < 5 && !silent; i++) {
      await t.db.query(`UPDATE worker_heartbeat SET beat_at = now() - interval '1 minute'`);
      const [w, r] = await Promise.all([
        t.http().get('/health/worker'),
        t.http().get('/health/ready'),
      ]);
      if (w.status === 503 && r.status === 503)
        silent = { worker: w.body.code as string, ready: r.body.code as string };
    }
    // This process runs a worker (PROCESS_ROLE=all): it is not ready while its worker is silent.
    expect(silent).toEqual({ worker: 'health.no_worker', ready: 'health.worker_silent' });
  });

  it('gives intake examples that the API accepts as they are', async () => {
    const path = '/api/v1/schools/{schoolId}/parents';
    const body = (
      doc.paths[path].post as unknown as {
        requestBody: { content: Record<string, { examples: Record<string, { value: object }> }> };
      }
    ).requestBody.content['application/json'].examples;
    expect(Object.keys(body).sort()).toEqual(['buddy', 'seeker']);
    const s = await aSchool(t, (await aPlatformAdmin(t)).token);
    for (const [name, example] of Object.entries(body)) {
      const res = await t
        .http()
        .post(path.replace('{schoolId}', s.schoolId))
        .set('authorization', `Bearer ${s.coordinator.token}`)
        .send(example.value);
      expect([name, res.status]).toEqual([name, 201]);
    }
  });
  it('generates a TypeScript client (openapi-typescript) that compiles in strict mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oudermaatje-client-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      const cli = resolve(__dirname, '../../node_modules/openapi-typescript/bin/cli.js');
      execFileSync(process.execPath, [cli, join(dir, 'openapi.json'), '-o', join(dir, 'api.ts')], {
        stdio: 'pipe',
      });
      // A client a school's supplier would write: typed bodies and answers, no casts.
      writeFileSync(
        join(dir, 'client.ts'),
        [
          "import type { paths } from './api';",
          "type Login = paths['/api/v1/auth/login']['post'];",
          "type Intake = paths['/api/v1/schools/{schoolId}/parents']['post'];",
          "export const login: Login['requestBody'] = {",
          "  content: { 'application/json': { email: 'consulent@school.example', password: 'pw' } },",
          '};',
          "type Body<T> = T extends { content: { 'application/json': infer B } } ? B : never;",
          "export function token(r: Login['responses'][200]['content']['application/json']): string {",
          '  return r.accessToken;',
          '}',
          "export type IntakeBody = Body<Intake['requestBody']>;",
          "export const givenName: IntakeBody['givenName'] = 'Amal';",
          '',
        ].join('\n'),
      );
      const program = ts.createProgram([join(dir, 'client.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        skipLibCheck: true,
        types: [],
        lib: ['lib.es2022.d.ts'],
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
