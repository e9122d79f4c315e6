#!/usr/bin/env python3
"""A passkey in software, for trying Cognito's passkey operations with the AWS CLI (README.md,
"Passkeys"): it plays the browser and the authenticator, reading the options JSON the server hands
out and printing the JSON a browser's PublicKeyCredential.toJSON() would give back.

  passkey.py register STATE_FILE ORIGIN < creation-options.json  -> RegistrationResponseJSON
  passkey.py assert   STATE_FILE ORIGIN < request-options.json   -> AuthenticationResponseJSON

STATE_FILE (JSON) keeps the private key, the credential id, the user handle and the sign count.
ORIGIN is the page the browser would be on, e.g. http://localhost:8080.

A trying-out aid, not an authenticator to protect real accounts: the private key lies in a plain
file and the curve arithmetic is neither constant-time nor hardened. Python 3.8+ standard library
only, so it runs on a fresh machine: ECDSA P-256 (ES256) is written here from the public algorithm
(curve from SEC 2 / FIPS 186-4, signing as in SEC 1 4.1.3); it shares no code with the server.
"""
import base64, hashlib, json, os, secrets, struct, sys

# P-256 (secp256r1): y^2 = x^3 + ax + b over GF(p); G the base point, n its prime order.
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
# A mistyped constant would give signatures that fail only at the server: G must lie on the curve.
assert (G[1] ** 2 - G[0] ** 3 - A * G[0] - B) % P == 0

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40
COSE_ES256 = -7


def b64url(data):
    # WebAuthn's JSON forms use base64url without padding.
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sha256(data):
    return hashlib.sha256(data).digest()


# --- P-256 points, affine; None is the point at infinity. Inverses by pow(x, -1, m).

def add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P  # doubling: the tangent
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def multiply(k, point):
    result = None
    while k:
        if k & 1:
            result = add(result, point)
        point = add(point, point)
        k >>= 1
    return result


def der_integer(value):
    body = value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")
    if body[0] & 0x80:
        body = b"\x00" + body  # DER integers are signed: keep a positive one positive
    return b"\x02" + bytes([len(body)]) + body


def sign(d, message):
    """ECDSA with SHA-256. WebAuthn wants ES256 signatures DER-encoded (an ASN.1 SEQUENCE of r
    and s), not the raw r || s of JOSE."""
    e = int.from_bytes(sha256(message), "big")  # SHA-256 is as long as n, so no truncation
    while True:
        # A fresh secret k each time: a k used twice, or a guessable one, gives the private key away.
        k = secrets.randbelow(N - 1) + 1
        r = multiply(k, G)[0] % N
        s = pow(k, -1, N) * (e + r * d) % N
        if r and s:
            seq = der_integer(r) + der_integer(s)
            return b"\x30" + bytes([len(seq)]) + seq  # at most 70 bytes: short-form length


# --- CBOR (RFC 8949), only what an attestation object and a COSE_Key need. Maps keep the order
# given, which is the canonical CTAP2 order for both here.

def cbor_head(major, length):
    if length < 24:
        return bytes([major << 5 | length])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | extra]) + length.to_bytes(size, "big")
    raise ValueError("too long for CBOR")


def cbor(value):
    if isinstance(value, bool) or value is None:
        # To Python a bool is an int, which would go out as 0 or 1; CBOR has its own values, unneeded here.
        raise TypeError("no CBOR simple values here")
    if isinstance(value, int):
        return cbor_head(0, value) if value >= 0 else cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return cbor_head(2, len(value)) + value
    if isinstance(value, str):
        text = value.encode()
        return cbor_head(3, len(text)) + text
    if isinstance(value, list):
        return cbor_head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        return cbor_head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    raise TypeError(type(value).__name__)


# --- The ceremonies.

def client_data(kind, options, origin):
    # The server hashes these exact bytes and reads them back as JSON; key order does not matter.
    return json.dumps({"type": kind, "challenge": b64url(unb64url(options["challenge"])),
                       "origin": origin, "crossOrigin": False}, separators=(",", ":")).encode()


def authenticator_data(rp_id, flags, count, attested=b""):
    return sha256(rp_id.encode()) + bytes([flags]) + struct.pack(">I", count) + attested


def read_options(*wrappers):
    options = json.load(sys.stdin)
    # Take the CLI's whole answer as well as the bare options, and the browser's {"publicKey": ...}.
    for wrapper in wrappers + ("publicKey",):
        if isinstance(options, dict) and wrapper in options:
            options = options[wrapper]
    if isinstance(options, str):  # CREDENTIAL_REQUEST_OPTIONS comes as a JSON string inside JSON
        options = json.loads(options)
    return options


def save(state_file, state):
    # Readable by its owner only: it holds the private key.
    with os.fdopen(os.open(state_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        json.dump(state, out, indent=1)


def register(state_file, origin):
    options = read_options("CredentialCreationOptions")
    if not any(p.get("alg") == COSE_ES256 for p in options.get("pubKeyCredParams", [])):
        sys.exit("passkey.py: the relying party does not accept ES256 keys")
    rp_id = options["rp"].get("id") or options["rpId"]
    if os.path.exists(state_file):
        # As an authenticator does: no second credential for an account it already holds one for.
        held = json.load(open(state_file))["credentialId"]
        if held in [c["id"] for c in options.get("excludeCredentials", [])]:
            sys.exit("passkey.py: this passkey is already registered for the user (excludeCredentials)")
    d = secrets.randbelow(N - 1) + 1
    x, y = multiply(d, G)
    credential_id = secrets.token_bytes(32)
    cose_key = {1: 2, 3: COSE_ES256, -1: 1, -2: x.to_bytes(32, "big"), -3: y.to_bytes(32, "big")}  # EC2, P-256
    # Attested credential data: AAGUID (zero: no attestation is made), id length, id, COSE_Key.
    attested = bytes(16) + struct.pack(">H", len(credential_id)) + credential_id + cbor(cose_key)
    auth_data = authenticator_data(rp_id, FLAG_UP | FLAG_UV | FLAG_AT, 0, attested)
    data = client_data("webauthn.create", options, origin)
    attestation = cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
    state = {"rpId": rp_id, "credentialId": b64url(credential_id), "privateKey": format(d, "064x"),
             "userHandle": options["user"]["id"], "signCount": 0}
    save(state_file, state)
    print(json.dumps({"id": b64url(credential_id), "rawId": b64url(credential_id), "type": "public-key",
                      "response": {"clientDataJSON": b64url(data), "attestationObject": b64url(attestation),
                                   "transports": ["internal"]},
                      "clientExtensionResults": {}, "authenticatorAttachment": "platform"}))


def assertion(state_file, origin):
    options = read_options("ChallengeParameters", "CREDENTIAL_REQUEST_OPTIONS")
    state = json.load(open(state_file))
    rp_id = options.get("rpId") or state["rpId"]
    if rp_id != state["rpId"]:
        sys.exit(f"passkey.py: this passkey is for {state['rpId']}, the options ask for {rp_id}")
    allowed = [c["id"] for c in options.get("allowCredentials", [])]
    if allowed and state["credentialId"] not in allowed:
        sys.exit("passkey.py: the options allow other credentials than this one")
    data = client_data("webauthn.get", options, origin)
    # A count that goes up at each use lets the server tell a cloned key: it is saved before the
    # answer is printed, so no two answers ever carry the same count.
    state["signCount"] += 1
    save(state_file, state)
    auth_data = authenticator_data(rp_id, FLAG_UP | FLAG_UV, state["signCount"])
    signature = sign(int(state["privateKey"], 16), auth_data + sha256(data))
    print(json.dumps({"id": state["credentialId"], "rawId": state["credentialId"], "type": "public-key",
                      "response": {"clientDataJSON": b64url(data), "authenticatorData": b64url(auth_data),
                                   "signature": b64url(signature), "userHandle": state["userHandle"]},
                      "clientExtensionResults": {}, "authenticatorAttachment": "platform"}))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("register", "assert"):
        sys.exit(__doc__)
    (register if sys.argv[1] == "register" else assertion)(sys.argv[2], sys.argv[3])
