'use strict';
// Decrypts (or, for test vectors, encrypts) an AWS Encryption SDK message with the official
// JavaScript Encryption SDK, configured as Cognito's documentation tells a custom sender trigger
// to configure it (commitment policy REQUIRE_ENCRYPT_ALLOW_DECRYPT). It reads one JSON request
// on stdin and writes one JSON answer on stdout:
//
//   {"operation": "decrypt", "message": <base64>, "keyring": <keyring>}
//     -> {"plaintext": <utf-8>, "encryptionContext": {...}, "suiteId": <number>, "messageFormat": <1|2>}
//   {"operation": "encrypt", "plaintext": <utf-8>, "suiteId": <number>, "encryptionContext": {...},
//    "keyring": <keyring>} -> {"message": <base64>}
//
// A keyring is {"type": "raw-aes", "keyNamespace", "keyName", "wrappingKey": <base64 32 bytes>}
// or {"type": "kms", "keyArn", "region", "endpoint"}: the KMS keyring talks to the endpoint given
// (the local stack's KMS speaks the real wire protocol) with throwaway credentials.
const {
  buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, KmsKeyringNode, getClient,
} = require('@aws-crypto/client-node');
const { KMS } = require('@aws-sdk/client-kms');

function keyringFor(spec) {
  if (spec.type === 'raw-aes') {
    return new RawAesKeyringNode({
      keyNamespace: spec.keyNamespace,
      keyName: spec.keyName,
      // The SDK wants a buffer of its own, not a view into Node's shared pool.
      unencryptedMasterKey: new Uint8Array(Buffer.from(spec.wrappingKey, 'base64')),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  }
  if (spec.type === 'kms') {
    const clientProvider = getClient(KMS, {
      endpoint: spec.endpoint,
      region: spec.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    return new KmsKeyringNode({ clientProvider, keyIds: [spec.keyArn] });
  }
  throw new Error('unknown keyring type ' + spec.type);
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const keyring = keyringFor(request.keyring);
  if (request.operation === 'decrypt') {
    const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
    const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(request.message, 'base64'));
    return {
      plaintext: Buffer.from(plaintext).toString('utf8'),
      encryptionContext: messageHeader.encryptionContext,
      suiteId: messageHeader.suiteId,
      messageFormat: messageHeader.version,
    };
  }
  if (request.operation === 'encrypt') {
    // A non-committing suite can only be written under FORBID_ENCRYPT_ALLOW_DECRYPT.
    const committing = request.suiteId === 0x0478 || request.suiteId === 0x0578;
    const { encrypt } = buildClient(committing
      ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
    const { result } = await encrypt(keyring, Buffer.from(request.plaintext, 'utf8'), {
      suiteId: request.suiteId,
      encryptionContext: request.encryptionContext || {},
    });
    return { message: Buffer.from(result).toString('base64') };
  }
  throw new Error('unknown operation ' + request.operation);
}

main().then(
  (answer) => process.stdout.write(JSON.stringify(answer)),
  (error) => {
    process.stderr.write(String(error && error.stack || error) + '\n');
    process.exit(1);
  },
);
