// Amplify JS v6, unchanged, against a running local stack (`./cognate local`): sign up, confirm
// with the code from the outbox, the default signIn (USER_SRP_AUTH), the session, sign out.
//
//   COGNATE_URL   the front door (default http://127.0.0.1:8080)
//   COGNATE_TRACE=1  also print every Cognito request and response body, secrets cut short
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import {
  confirmSignUp,
  fetchAuthSession,
  getCurrentUser,
  signIn,
  signOut,
  signUp,
} from 'aws-amplify/auth';

const base = (process.env.COGNATE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const trace = process.env.COGNATE_TRACE === '1';

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version;

// Values that must not be printed whole: passwords, SRP numbers, codes, sessions, tokens.
const SECRET_KEYS = new Set([
  'Password', 'PASSWORD', 'ConfirmationCode', 'Session', 'SRP_A', 'SRP_B', 'SALT', 'SECRET_BLOCK',
  'PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'AccessToken', 'IdToken',
  'RefreshToken', 'Token', 'DeviceKey', 'DeviceGroupKey', 'PasswordVerifier', 'Salt',
]);
const redact = (value) =>
  JSON.parse(JSON.stringify(value), (key, v) =>
    SECRET_KEYS.has(key) && typeof v === 'string' ? `${v.slice(0, 6)}…(${v.length})` : v);
const parse = (text) => { try { return JSON.parse(text); } catch { return text; } };

// Amplify calls the global fetch for every Cognito operation: wrapping it shows which operations
// and which auth flow the default signIn really used, and the exact exchange when one fails.
const calls = [];
let refusalExpected = false;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init = {}) => {
  const headers = new Headers(init.headers);
  const target = headers.get('x-amz-target');
  if (!target) return realFetch(input, init);
  const operation = target.split('.').pop();
  const request = parse(init.body ?? '');
  const response = await realFetch(input, init);
  const body = parse(await response.clone().text());
  const call = { operation, status: response.status };
  if (request.AuthFlow) call.authFlow = request.AuthFlow;
  if (request.ChallengeName) call.answers = request.ChallengeName;
  if (body.ChallengeName) call.challenge = body.ChallengeName;
  if (!response.ok) call.error = String(response.headers.get('x-amzn-errortype') ?? body.__type).split(':')[0].split('#').pop();
  if (body.AuthenticationResult) call.tokens = Object.keys(body.AuthenticationResult).filter((k) => k.endsWith('Token')).join(',');
  calls.push(call);
  console.log(`  -> ${operation} ${Object.entries(call).slice(1).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (trace || (!response.ok && !refusalExpected)) {
    console.log(`     request  ${String(input)} ${target}\n     ${JSON.stringify(redact(request))}`);
    console.log(`     response ${response.status}\n     ${JSON.stringify(redact(body))}`);
  }
  return response;
};

const getJson = async (path) => {
  const response = await realFetch(base + path);
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.json();
};

// The code the stack would have e-mailed: the newest sign-up code for this user in the outbox.
const signUpCode = async (username) => {
  for (let attempt = 0; attempt < 20; attempt++) {
    const entry = (await getJson('/_local/outbox'))
      .filter((e) => e.username === username && e.purpose === 'SignUp').pop();
    if (entry) return entry.code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no sign-up code for ${username} in ${base}/_local/outbox`);
};

const step = (title) => console.log(`\n${title}`);

const config = await getJson('/_local/config');
console.log(`node ${process.versions.node}, aws-amplify ${versionOf('aws-amplify')} ` +
  `(@aws-amplify/auth ${versionOf('@aws-amplify/auth')}, @aws-amplify/core ${versionOf('@aws-amplify/core')})`);
console.log(`front door ${base}, user pool ${config.userPoolId}, app client ${config.clientId}`);

// userPoolEndpoint sends every Cognito call to the stack instead of cognito-idp.<region>.amazonaws.com.
// No storage is configured: on Node (no window.localStorage) Amplify keeps tokens in memory.
Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: config.userPoolId,
      userPoolClientId: config.clientId,
      userPoolEndpoint: base,
    },
  },
});

const username = `amplify-${Date.now().toString(36)}`;
const password = 'Correct-Horse-9';
const email = `${username}@example.com`;

step(`signUp ${username}`);
const signedUp = await signUp({ username, password, options: { userAttributes: { email } } });
console.log(`  isSignUpComplete=${signedUp.isSignUpComplete} nextStep=${signedUp.nextStep.signUpStep} ` +
  `userId=${signedUp.userId} destination=${signedUp.nextStep.codeDeliveryDetails?.destination}`);

step('confirmSignUp with the code from /_local/outbox');
const confirmed = await confirmSignUp({ username, confirmationCode: await signUpCode(username) });
console.log(`  isSignUpComplete=${confirmed.isSignUpComplete} nextStep=${confirmed.nextStep.signUpStep}`);

// A wrong password must be refused: the server checks the SRP proof, it does not just hand out tokens.
step('signIn with a wrong password');
refusalExpected = true;
try {
  await signIn({ username, password: 'Wrong-Horse-9' });
  console.log('  signed in with a wrong password');
  process.exitCode = 1;
} catch (e) {
  console.log(`  ${e.name}: ${e.message}`);
}
refusalExpected = false;

step('signIn({ username, password }), no options');
const signedIn = await signIn({ username, password });
console.log(`  isSignedIn=${signedIn.isSignedIn} nextStep=${signedIn.nextStep.signInStep}`);

step('getCurrentUser');
const user = await getCurrentUser();
console.log(`  username=${user.username} userId=${user.userId} ` +
  `signInDetails=${JSON.stringify(user.signInDetails)}`);

step('fetchAuthSession');
const session = await fetchAuthSession();
const { idToken, accessToken } = session.tokens ?? {};
console.log(`  idToken ${idToken ? 'present' : 'MISSING'}, accessToken ${accessToken ? 'present' : 'MISSING'}, userSub=${session.userSub}`);
if (idToken) {
  const p = idToken.payload;
  console.log(`  id token: cognito:username=${p['cognito:username']} sub=${p.sub} email=${p.email} ` +
    `iss=${p.iss} aud=${p.aud} token_use=${p.token_use}`);
}
if (accessToken) {
  const p = accessToken.payload;
  console.log(`  access token: username=${p.username} client_id=${p.client_id} token_use=${p.token_use} ` +
    `lifetime=${p.exp - p.iat}s`);
}

step('signOut');
await signOut();
try {
  await getCurrentUser();
  console.log('  still signed in after signOut');
  process.exitCode = 1;
} catch (e) {
  console.log(`  getCurrentUser after signOut: ${e.name}`);
}

// The default signIn must have been SRP: InitiateAuth USER_SRP_AUTH answered with PASSWORD_VERIFIER,
// then RespondToAuthChallenge PASSWORD_VERIFIER answered with tokens.
const initiate = calls.findLast((c) => c.operation === 'InitiateAuth');
const respond = calls.findLast((c) => c.operation === 'RespondToAuthChallenge');
const srp = initiate?.authFlow === 'USER_SRP_AUTH' && initiate.challenge === 'PASSWORD_VERIFIER' &&
  respond?.answers === 'PASSWORD_VERIFIER' && Boolean(respond.tokens) && signedIn.isSignedIn;
const refused = calls.filter((c) => c.status !== 200).map((c) => `${c.operation} ${c.error}`);
console.log(`\n${srp ? 'OK' : 'FAILED'}: default signIn used ${initiate?.authFlow ?? 'no InitiateAuth'}` +
  `${respond ? ` -> ${respond.answers}` : ''}; ${calls.length} Cognito calls, ` +
  `refused: ${refused.join(', ') || 'none'}`);
if (!srp) process.exitCode = 1;
