import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { ENDPOINTS, openApiDocument } from '../../src/server/openapi.js';
import type { PriceSeries } from '../../src/sources/prices/types.js';
import type { SnapshotStore } from '../../src/store/types.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
type Json = any;

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (Redocly, recommended rules)', async () => {
    const doc = await (await createApp({ sources: [] }).request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('documents every route the app serves, and no route it does not', () => {
    // the store and prices are never called here: they only make the app register its history and study routes
    const app = createApp({ sources: [], history: {} as SnapshotStore, prices: {} as PriceSeries });
    const served = app.routes
      .filter((r) => r.method === 'GET' && !r.path.endsWith('*'))
      .map((r) => r.path.replace(/:(\w+)/g, '{$1}'));
    expect([...new Set(served)].sort()).toEqual(ENDPOINTS.map((e) => e.path).sort());
  });

  it('shares the report, levels, history, study, sources and error schemas as components', () => {
    const doc = openApiDocument() as Json;
    const schemas = doc.components.schemas;
    for (const id of ['Report', 'Levels', 'History', 'Study', 'Sources', 'SourceStatus', 'Error', 'KeyLevel'])
      expect(schemas[id], id).toBeDefined();
    const okSchema = (path: string) => doc.paths[path].get.responses[200].content['application/json'].schema;
    expect(okSchema('/api/sources/{id}/report')).toEqual({ $ref: '#/components/schemas/Report' });
    expect(okSchema('/api/history/report')).toEqual({ $ref: '#/components/schemas/Report' });
    expect(okSchema('/api/sources/{id}/levels')).toEqual({ $ref: '#/components/schemas/Levels' });
    expect(okSchema('/api/study')).toEqual({ $ref: '#/components/schemas/Study' });
    expect(schemas.Levels.properties.keyLevels.items).toEqual({ $ref: '#/components/schemas/KeyLevel' });
    // strict objects: a typed client sees exactly the fields the server sends
    expect(schemas.Report.additionalProperties).toBe(false);
    expect(schemas.Report.required).toEqual(expect.arrayContaining(['netGex', 'gammaFlips', 'keyLevels', 'playbook']));
    expect(schemas.Report.required).not.toContain('surface');
    const report = doc.paths['/api/sources/{id}/report'].get.responses;
    for (const [status, name] of [
      [400, 'BadRequest'],
      [403, 'Forbidden'],
      [404, 'NotFound'],
      [503, 'Unavailable'],
    ])
      expect(report[status as number]).toEqual({ $ref: `#/components/responses/${name}` });
    expect(doc.components.responses.Unavailable.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });

  it('documents the repeatable threshold as an exploded list, and view as the deprecated name of expiries', () => {
    const doc = openApiDocument() as Json;
    const params = doc.paths['/api/sources/{id}/report'].get.parameters;
    const byName = (n: string) => params.find((p: { name: string }) => p.name === n);
    expect(byName('threshold')).toMatchObject({ style: 'form', explode: true, schema: { type: 'array' } });
    expect(byName('view').deprecated).toBe(true);
    expect(byName('expiries').deprecated).toBeUndefined();
    expect(byName('positioning').schema.enum).toEqual(['classic', 'customer-long', 'positions', 'flow']);
  });
});
