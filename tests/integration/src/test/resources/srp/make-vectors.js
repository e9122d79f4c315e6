/*
 * Generates cognito-identity-js-vectors.json: USER_SRP_AUTH and DEVICE_SRP_AUTH values
 * computed by the official Amazon Cognito JavaScript client, so that the Java test client
 * (io.cognate.bench.srp.CognitoSrpClient, in tests/benchmarks) is checked against Cognito's reference client
 * rather than against a second reading of the same algorithm.
 *
 * Library: amazon-cognito-identity-js 6.3.21 (npm), Copyright Amazon.com, Inc. or its
 * affiliates, licensed under the Apache License 2.0. It is used here unmodified, as an
 * oracle; none of its code is copied into this repository.
 *
 * The library's own CognitoUser drives each flow against a fake service client, so SRP_A,
 * the password claim signature and the device verifier are exactly what the library sends.
 * Only its random sources and clock are replaced (as its own unit tests do), so that every
 * value is reproducible:
 *   - AuthenticationHelper.prototype.generateRandomSmallA returns a fixed `a`;
 *   - WordArray.prototype.random returns queued bytes (device password and salt);
 *   - DateHelper.prototype.getNowString returns a fixed timestamp.
 * A user's verifier and the server's B (= k*v + g^b) are built by this script from the
 * library's own hash and padHex primitives, so each vector is a complete, consistent exchange.
 * The inputs (a, b, salts) are derived from SHA-256 of fixed labels, searched in order until
 * each vector has the encoding edge case it is meant to cover (see `wants` below).
 *
 * Re-run (outside the repository, Node 18 or later):
 *   mkdir srp-vectors && cd srp-vectors        # a scratch folder beside the clone
 *   npm install amazon-cognito-identity-js@6.3.21
 *   node <repo>/tests/integration/src/test/resources/srp/make-vectors.js \
 *     > <repo>/tests/integration/src/test/resources/srp/cognito-identity-js-vectors.json
 * (or set NODE_PATH to that node_modules folder and run it from anywhere).
 */
'use strict';

const crypto = require('crypto');
const path = require('path');
const { createRequire } = require('module');

// Resolve the library from the folder the script is run in (or NODE_PATH), not from this
// file's folder, so nothing has to be installed inside the repository.
const requireFromCwd = createRequire(path.join(process.cwd(), 'make-vectors.js'));

const LIBRARY = 'amazon-cognito-identity-js';
const LIBRARY_VERSION = '6.3.21';

const installedVersion = requireFromCwd(`${LIBRARY}/package.json`).version;
if (installedVersion !== LIBRARY_VERSION) {
	throw new Error(`expected ${LIBRARY}@${LIBRARY_VERSION}, found ${installedVersion}`);
}

const {
	AuthenticationDetails,
	AuthenticationHelper,
	CognitoUser,
	CognitoUserPool,
	DateHelper,
	WordArray,
} = requireFromCwd(LIBRARY);
const BigInteger = requireFromCwd(`${LIBRARY}/lib/BigInteger`).default;

// ---- deterministic stand-ins for the library's randomness and clock ----

let fixedSmallA = null;
AuthenticationHelper.prototype.generateRandomSmallA = function fixedA() {
	if (fixedSmallA === null) {
		throw new Error('fixed a not set');
	}
	return fixedSmallA;
};

const queuedRandomBytes = [];
WordArray.prototype.random = function queued(nBytes) {
	const next = queuedRandomBytes.shift();
	if (!next || next.length !== nBytes) {
		throw new Error(`no queued random value of ${nBytes} bytes`);
	}
	return { toString: () => next.toString('hex') };
};

const realNowString = DateHelper.prototype.getNowString;
let fixedNow = null;
DateHelper.prototype.getNowString = function fixedTimestamp() {
	return fixedNow;
};

// ---- helpers ----

function bytesFor(label, length) {
	const chunks = [];
	for (let i = 0; Buffer.concat(chunks).length < length; i++) {
		chunks.push(crypto.createHash('sha256').update(`${label}#${i}`).digest());
	}
	return Buffer.concat(chunks).subarray(0, length);
}

function bigFrom(buffer) {
	return new BigInteger(buffer.toString('hex'), 16);
}

// The library's modPow reports through a callback; it runs synchronously.
function modPow(base, exponent, modulus) {
	let result;
	base.modPow(exponent, modulus, (err, value) => {
		if (err) throw err;
		result = value;
	});
	return result;
}

// Used only for the library's constants and hash/padHex primitives when building inputs.
fixedSmallA = BigInteger.ONE;
const helper = new AuthenticationHelper('Unused');
fixedSmallA = null;
const N = helper.N;
const g = helper.g;
const k = helper.k;

// The library has no server side, so a user's verifier (what a server stores at sign-up) is
// built here from its hash and padHex primitives: v = g^H(padHex(salt) | H(pool | user ":" pw)).
function verifierFor(poolName, userId, password, saltHex) {
	const inner = helper.hash(`${poolName}${userId}:${password}`);
	const x = new BigInteger(helper.hexHash(helper.padHex(new BigInteger(saltHex, 16)) + inner), 16);
	return modPow(g, x, N);
}

// A server's B = k*v + g^b mod N, so the vectors are what a real exchange would carry.
function serverB(verifier, b) {
	return k.multiply(verifier).add(modPow(g, b, N)).mod(N);
}

// Finds the first candidate (by counter) whose value passes the test.
function search(label, length, make, test) {
	for (let i = 0; i < 10000; i++) {
		const candidate = bytesFor(`${label}/${i}`, length);
		const value = make(candidate);
		if (test(value)) return { candidate, value };
	}
	throw new Error(`no candidate for ${label}`);
}

const HIGH = /^[89a-f]/;
const topHigh = hex => HIGH.test(hex) && hex.length % 2 === 0;
const topLowEven = hex => !HIGH.test(hex) && hex.length % 2 === 0;
const oddLength = hex => hex.length % 2 === 1;

function fakeService(answers, captured) {
	return {
		request(operation, params, callback) {
			captured.push({ operation, params });
			const answer = answers.shift();
			if (!answer) {
				return callback({ code: 'StopHere', message: 'vector captured' }, null);
			}
			return callback(null, answer);
		},
	};
}

function largeA(aBig) {
	fixedSmallA = aBig;
	return new AuthenticationHelper('Unused').largeAValue.toString(16);
}

// ---- USER_SRP_AUTH ----

function userVector(spec) {
	const poolName = spec.userPoolId.split('_')[1];
	const a = search(`${spec.name}/a`, 128, bigFrom, big => spec.wants.a(largeA(big))).value;
	const salt = search(`${spec.name}/salt`, 16, buf => buf.toString('hex'), spec.wants.salt).value;
	const verifier = verifierFor(poolName, spec.userIdForSrp, spec.password, salt);
	const b = search(`${spec.name}/b`, 32, bigFrom, big => spec.wants.B(serverB(verifier, big).toString(16))).value;
	const srpB = serverB(verifier, b).toString(16);
	const secretBlock = bytesFor(`${spec.name}/secret`, spec.secretBlockLength).toString('base64');

	fixedSmallA = a;
	fixedNow = spec.timestamp;
	const pool = new CognitoUserPool({ UserPoolId: spec.userPoolId, ClientId: 'vectorclient' });
	const captured = [];
	pool.client = fakeService(
		[{
			ChallengeName: 'PASSWORD_VERIFIER',
			ChallengeParameters: {
				USER_ID_FOR_SRP: spec.userIdForSrp,
				SRP_B: srpB,
				SALT: salt,
				SECRET_BLOCK: secretBlock,
			},
		}],
		captured
	);

	let key;
	let u;
	const original = AuthenticationHelper.prototype.getPasswordAuthenticationKey;
	AuthenticationHelper.prototype.getPasswordAuthenticationKey = function spy(user, pw, B, s, cb) {
		return original.call(this, user, pw, B, s, (err, hkdf) => {
			key = Buffer.from(hkdf).toString('hex');
			u = this.UValue.toString(16);
			cb(err, hkdf);
		});
	};
	const user = new CognitoUser({ Username: spec.username, Pool: pool, Storage: memoryStorage() });
	user.authenticateUser(
		new AuthenticationDetails({ Username: spec.username, Password: spec.password }),
		{ onSuccess() {}, onFailure() {} }
	);
	AuthenticationHelper.prototype.getPasswordAuthenticationKey = original;

	const initiate = captured.find(c => c.operation === 'InitiateAuth').params;
	const respond = captured.find(c => c.operation === 'RespondToAuthChallenge').params;
	return {
		name: spec.name,
		covers: spec.covers,
		userPoolId: spec.userPoolId,
		userIdForSrp: spec.userIdForSrp,
		password: spec.password,
		smallA: a.toString(16),
		saltHex: salt,
		verifierHex: helper.padHex(verifier),
		smallB: b.toString(16),
		srpB,
		secretBlock,
		timestamp: spec.timestamp,
		expected: {
			srpA: initiate.AuthParameters.SRP_A,
			u,
			passwordAuthenticationKey: key,
			signature: respond.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE,
		},
	};
}

function memoryStorage() {
	const data = {};
	return {
		setItem: (key, value) => { data[key] = value; },
		getItem: key => (key in data ? data[key] : null),
		removeItem: key => { delete data[key]; },
		clear: () => {},
	};
}

// ---- DEVICE_SRP_AUTH ----

function deviceVector(spec) {
	const deviceRandomPassword = bytesFor(`${spec.name}/device-password`, 40);
	const deviceSalt = search(`${spec.name}/device-salt`, 16, buf => buf, buf => spec.wants.salt(buf.toString('hex'))).value;

	fixedSmallA = bigFrom(bytesFor(`${spec.name}/unused-a`, 128));
	const generator = new AuthenticationHelper(spec.deviceGroupKey);
	queuedRandomBytes.push(deviceRandomPassword, deviceSalt);
	generator.generateHashDevice(spec.deviceGroupKey, spec.deviceKey, err => {
		if (err) throw err;
	});
	const password = generator.getRandomPassword();
	const salt = generator.getSaltDevices();
	const verifierHex = generator.getVerifierDevices();

	const a = search(`${spec.name}/a`, 128, bigFrom, big => spec.wants.a(largeA(big))).value;
	const verifier = new BigInteger(verifierHex, 16);
	const b = search(`${spec.name}/b`, 32, bigFrom, big => spec.wants.B(serverB(verifier, big).toString(16))).value;
	const srpB = serverB(verifier, b).toString(16);
	const secretBlock = bytesFor(`${spec.name}/secret`, 64).toString('base64');

	fixedSmallA = a;
	fixedNow = spec.timestamp;
	const pool = new CognitoUserPool({ UserPoolId: spec.userPoolId, ClientId: 'vectorclient' });
	const captured = [];
	pool.client = fakeService(
		[{
			ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
			ChallengeParameters: { SRP_B: srpB, SALT: salt, SECRET_BLOCK: secretBlock },
			Session: 'vector-session',
		}],
		captured
	);
	const user = new CognitoUser({ Username: spec.username, Pool: pool, Storage: memoryStorage() });
	user.deviceKey = spec.deviceKey;
	user.deviceGroupKey = spec.deviceGroupKey;
	user.randomPassword = password;
	user.getDeviceResponse({ onSuccess() {}, onFailure() {} });

	const responses = captured.filter(c => c.operation === 'RespondToAuthChallenge');
	return {
		name: spec.name,
		covers: spec.covers,
		userPoolId: spec.userPoolId,
		deviceGroupKey: spec.deviceGroupKey,
		deviceKey: spec.deviceKey,
		randomBytes: {
			password: deviceRandomPassword.toString('hex'),
			salt: deviceSalt.toString('hex'),
		},
		devicePassword: password,
		saltHex: salt,
		verifierHex,
		smallA: a.toString(16),
		smallB: b.toString(16),
		srpB,
		secretBlock,
		timestamp: spec.timestamp,
		expected: {
			srpA: responses[0].params.ChallengeResponses.SRP_A,
			signature: responses[1].params.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE,
		},
	};
}

// ---- timestamps from the library's DateHelper ----

function timestampVectors(instants) {
	const RealDate = Date;
	try {
		return instants.map(iso => {
			global.Date = class extends RealDate {
				constructor(...args) {
					super(...(args.length ? args : [RealDate.parse(iso)]));
				}
			};
			return { instant: iso, text: realNowString.call(new DateHelper()) };
		});
	} finally {
		global.Date = RealDate;
	}
}

// ---- the vectors ----

const user = [
	userVector({
		name: 'A-high-bit',
		covers: 'A starts with a hex digit >= 8, so padHex(A) gains a 00 byte',
		userPoolId: 'us-east-1_TestPool',
		username: 'alice',
		userIdForSrp: 'alice',
		password: 'Correct-Horse-1',
		secretBlockLength: 48,
		timestamp: 'Tue Dec 1 21:42:03 UTC 2026',
		wants: { a: topHigh, salt: topLowEven, B: topLowEven },
	}),
	userVector({
		name: 'salt-leading-zero',
		covers: 'SALT begins with a 00 byte (dropped by the client), B starts with a hex digit >= 8',
		userPoolId: 'eu-west-2_Abc123XYZ',
		username: 'bob@example.com',
		userIdForSrp: '6c1e8f62-4d1b-4a57-9a3e-2f1d0c5b7e90',
		password: 'P@ssw0rd!',
		secretBlockLength: 100,
		timestamp: 'Sun Feb 28 09:05:07 UTC 2027',
		wants: { a: topLowEven, salt: hex => hex.startsWith('00'), B: topHigh },
	}),
	userVector({
		name: 'odd-length-B',
		covers: 'B has an odd number of hex digits (padded with one 0), salt starts with a hex digit >= 8, non-ASCII password',
		userPoolId: 'ap-southeast-2_q1W2e3R4t',
		username: 'carol',
		userIdForSrp: 'carol',
		password: 'pässwörd-日本-🔑',
		secretBlockLength: 1,
		timestamp: 'Mon Jan 10 00:00:00 UTC 2028',
		wants: { a: oddLength, salt: topHigh, B: oddLength },
	}),
];

const device = [
	deviceVector({
		name: 'device',
		covers: 'generateHashDevice and DEVICE_SRP_AUTH; device salt starts with a hex digit >= 8',
		userPoolId: 'us-east-1_TestPool',
		username: 'alice',
		deviceGroupKey: '-ExAmPlEgRoUp',
		deviceKey: 'us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456789',
		timestamp: 'Wed Mar 3 03:03:03 UTC 2027',
		wants: { a: topHigh, salt: topHigh, B: topLowEven },
	}),
];

const timestamps = timestampVectors([
	'2026-12-01T21:42:03Z',
	'2027-03-03T03:03:03.999Z',
	'2024-02-29T23:59:59Z',
	'2030-10-10T10:10:10Z',
]);

process.stdout.write(
	`${JSON.stringify(
		{
			generatedBy: `${LIBRARY}@${LIBRARY_VERSION} via make-vectors.js`,
			user,
			device,
			timestamps,
		},
		null,
		2
	)}\n`
);
