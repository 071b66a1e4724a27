// A real OpenID Connect provider for the tests' SMART on FHIR sign-in: oidc-provider (an
// OpenID Certified implementation, from the npm registry), configured as a care team's
// authorization server would be for Symptom Diary:
//   - one public native client, `symptom-diary`: authorization code with PKCE (S256),
//     loopback redirects on any port (RFC 8252), refresh tokens with `offline_access`;
//   - SMART scopes for the FHIR server given as the second argument (the resource the
//     JWT access tokens are for), and the SMART `patient` launch context in the token
//     response, from the signed-in account;
//   - the provider's own development sign-in pages, signing in as one of the accounts
//     below (alice and bob, each their own Patient id; nurse, a clinician).
// Usage: node provider.mjs PORT FHIR_BASE. Prints "ready ISSUER" on stdout once listening.
import Provider, { errors } from 'oidc-provider';

const [port, fhirBase] = [Number(process.argv[2]), process.argv[3]];
if (!port || !fhirBase) {
  console.error('usage: node provider.mjs PORT FHIR_BASE');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// The accounts and the Patient each may act for.
const accounts = { alice: 'pat-alice', bob: 'pat-bob', nurse: null };

// The SMART scopes this authorization server grants for the FHIR server.
const smartScopes = [
  'launch/patient',
  'patient/Patient.rs',
  'patient/Observation.cruds',
  'patient/Task.cruds',
  'patient/Communication.cruds',
  'patient/Provenance.c',
  'patient/DiagnosticReport.cruds',
  'patient/QuestionnaireResponse.cruds',
  'user/Patient.rs',
  'user/Observation.rs',
  'user/Task.rsu',
  'user/Communication.rs',
  'user/DiagnosticReport.rs',
  'user/QuestionnaireResponse.rs',
];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'symptom-diary',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  scopes: ['openid', 'fhirUser', 'offline_access'],
  claims: { fhirUser: ['fhirUser'], openid: ['sub'] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    // Sign-out ends the sign-in here too (RFC 7009); discovery lists revocation_endpoint.
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => fhirBase,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== fhirBase) throw new errors.InvalidTarget();
        return { scope: smartScopes.join(' '), audience: fhirBase, accessTokenFormat: 'jwt' };
      },
    },
  },
  // The sign-in asks for consent once; the grant holds what the client asked for.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    return undefined;
  },
  async findAccount(_ctx, id) {
    if (!(id in accounts)) return undefined;
    return {
      accountId: id,
      async claims() {
        const patient = accounts[id];
        return {
          sub: id,
          fhirUser: patient ? `${fhirBase}/Patient/${patient}` : `${fhirBase}/Practitioner/${id}`,
        };
      },
    };
  },
  // The SMART launch context travels inside the access token too.
  extraTokenClaims: async (_ctx, token) => {
    const patient = accounts[token.accountId];
    return patient ? { patient } : undefined;
  },
  ttl: { AccessToken: 300, AuthorizationCode: 60, RefreshToken: 24 * 3600, Grant: 24 * 3600, Session: 3600, Interaction: 600 },
});
provider.proxy = false;

// The SMART token response carries the patient in context next to the token.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.access_token) {
    const [, payload] = String(ctx.body.access_token).split('.');
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (claims.patient) ctx.body.patient = claims.patient;
    } catch {
      // An opaque token carries no context.
    }
  }
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
