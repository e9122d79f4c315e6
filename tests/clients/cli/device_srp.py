#!/usr/bin/env python3
"""An app's half of device SRP, as Cognito's clients run it, for trying remembered devices with the AWS CLI
(README.md, "Remembered devices"). Written from the public algorithm; shares no code with the server.

  device_srp.py verifier GROUP_KEY DEVICE_KEY   -> saves the device password; prints Salt and PasswordVerifier (base64)
  device_srp.py srp-a                           -> saves a fresh secret a; prints SRP_A
  device_srp.py claim GROUP_KEY DEVICE_KEY SALT SRP_B SECRET_BLOCK -> prints TIMESTAMP and PASSWORD_CLAIM_SIGNATURE
State (the device password, a) is kept in ./device-state.json.
"""
import base64, datetime, hashlib, hmac, json, os, secrets, sys

N = int("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
        "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
        "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
G = 2
STATE = "device-state.json"

def pad(n):
    h = format(n, "x")
    h = "0" + h if len(h) % 2 else h
    return "00" + h if int(h[0], 16) >= 8 else h

def sha(b): return hashlib.sha256(b).digest()
def num(b): return int.from_bytes(sha(b), "big")
K = num(bytes.fromhex(pad(N) + pad(G)))

def x_of(group, key, password, salt):
    return num(bytes.fromhex(pad(salt)) + sha(f"{group}{key}:{password}".encode()))

def load():
    return json.load(open(STATE)) if os.path.exists(STATE) else {}

def save(state): json.dump(state, open(STATE, "w"))

cmd = sys.argv[1]
state = load()
if cmd == "verifier":
    group, key = sys.argv[2:4]
    password = base64.b64encode(secrets.token_bytes(40)).decode()
    salt = int.from_bytes(secrets.token_bytes(16), "big")
    v = pow(G, x_of(group, key, password, salt), N)
    state["password"] = password
    save(state)
    print(base64.b64encode(bytes.fromhex(pad(salt))).decode(), base64.b64encode(bytes.fromhex(pad(v))).decode())
elif cmd == "srp-a":
    a = secrets.randbits(1024) % N
    state["a"] = format(a, "x")
    save(state)
    print(format(pow(G, a, N), "x"))
elif cmd == "claim":
    group, key, salt_hex, b_hex, block = sys.argv[2:7]
    a = int(state["a"], 16); A = pow(G, a, N); B = int(b_hex, 16)
    x = x_of(group, key, state["password"], int(salt_hex, 16))
    u = num(bytes.fromhex(pad(A) + pad(B)))
    s = pow((B - K * pow(G, x, N)) % N, a + u * x, N)
    prk = hmac.new(bytes.fromhex(pad(u)), bytes.fromhex(pad(s)), hashlib.sha256).digest()
    okm = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    now = datetime.datetime.now(datetime.timezone.utc)
    ts = now.strftime("%a %b ") + str(now.day) + now.strftime(" %H:%M:%S UTC %Y")
    sig = hmac.new(okm, group.encode() + key.encode() + base64.b64decode(block) + ts.encode(), hashlib.sha256).digest()
    print(ts + "|" + base64.b64encode(sig).decode())
