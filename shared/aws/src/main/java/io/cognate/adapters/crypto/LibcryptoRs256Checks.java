package io.cognate.adapters.crypto;

import io.cognate.domain.tokens.Rs256Check;
import io.cognate.domain.tokens.Rs256Checks;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;

/**
 * RS256 checks by OpenSSL's libcrypto (3.x), called through the foreign-function API: the
 * SHA-256 of the signing input is taken in Java (the JDK's SHA-256 is a HotSpot intrinsic),
 * the RSA public operation and the PKCS #1 v1.5 DigestInfo comparison by
 * {@code EVP_PKEY_verify}, whose {@code mulx}/{@code adx} Montgomery code the JVM's
 * {@code BigInteger} cannot match (docs/performance.md: JCA reaches 0.50× of
 * {@code openssl speed rsa2048}).
 *
 * <p>Compiled for release 22 (the API is final there) and reached only through
 * {@link PlatformRs256Checks}, which loads it by name on JDK 22 and later; on Java 21 the
 * verifier keeps the JDK's provider.
 *
 * <p>An {@code EVP_PKEY_CTX} is not thread-safe: each thread gets its own context and native
 * buffers for the key, freed by a {@link Cleaner} when the thread's holder is collected. The
 * key itself ({@code EVP_PKEY}) is shared read-only, as OpenSSL allows.
 */
final class LibcryptoRs256Checks implements Rs256Checks {
    private static final int RSA_PKCS1_PADDING = 1;
    private static final int SHA256_LENGTH = 32;
    private static final Cleaner CLEANER = Cleaner.create();

    private final MethodHandle d2iPubkey;
    private final MethodHandle pkeyCtxNew;
    private final MethodHandle pkeyCtxFree;
    private final MethodHandle verifyInit;
    private final MethodHandle setRsaPadding;
    private final MethodHandle setSignatureMd;
    private final MethodHandle verify;
    private final MethodHandle clearErrors;
    private final MemorySegment sha256;

    private LibcryptoRs256Checks(SymbolLookup libcrypto) throws Throwable {
        Linker linker = Linker.nativeLinker();
        var address = ValueLayout.ADDRESS;
        var jint = ValueLayout.JAVA_INT;
        var jlong = ValueLayout.JAVA_LONG;
        d2iPubkey = handle(linker, libcrypto, "d2i_PUBKEY", FunctionDescriptor.of(address, address, address, jlong));
        pkeyCtxNew = handle(linker, libcrypto, "EVP_PKEY_CTX_new", FunctionDescriptor.of(address, address, address));
        pkeyCtxFree = handle(linker, libcrypto, "EVP_PKEY_CTX_free", FunctionDescriptor.ofVoid(address));
        verifyInit = handle(linker, libcrypto, "EVP_PKEY_verify_init", FunctionDescriptor.of(jint, address));
        setRsaPadding = handle(linker, libcrypto, "EVP_PKEY_CTX_set_rsa_padding", FunctionDescriptor.of(jint, address, jint));
        setSignatureMd = handle(linker, libcrypto, "EVP_PKEY_CTX_set_signature_md", FunctionDescriptor.of(jint, address, address));
        verify = handle(linker, libcrypto, "EVP_PKEY_verify",
                FunctionDescriptor.of(jint, address, address, jlong, address, jlong));
        clearErrors = handle(linker, libcrypto, "ERR_clear_error", FunctionDescriptor.ofVoid());
        MethodHandle evpSha256 = handle(linker, libcrypto, "EVP_sha256", FunctionDescriptor.of(address));
        sha256 = (MemorySegment) evpSha256.invokeExact();
        if (sha256.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("EVP_sha256 gave no digest");
        }
    }

    /** The checks, or an exception when libcrypto 3 or one of its functions cannot be found. */
    static Rs256Checks load(String libraryName) throws Throwable {
        SymbolLookup libcrypto = SymbolLookup.libraryLookup(libraryName, Arena.global());
        return new LibcryptoRs256Checks(libcrypto);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException("libcrypto has no " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    @Override
    public String name() {
        return "libcrypto";
    }

    @Override
    public Rs256Check forKey(RSAPublicKey key) {
        return new KeyCheck(key, parse(key.getEncoded()));
    }

    /** The key as an {@code EVP_PKEY}, read from its X.509 SubjectPublicKeyInfo; kept for the process's life. */
    private MemorySegment parse(byte[] subjectPublicKeyInfo) {
        try {
            Arena arena = Arena.global();
            MemorySegment der = arena.allocate(subjectPublicKeyInfo.length);
            der.copyFrom(MemorySegment.ofArray(subjectPublicKeyInfo));
            MemorySegment cursor = arena.allocate(ValueLayout.ADDRESS);
            cursor.set(ValueLayout.ADDRESS, 0, der);
            MemorySegment pkey = (MemorySegment) d2iPubkey.invokeExact(MemorySegment.NULL, cursor,
                    (long) subjectPublicKeyInfo.length);
            if (pkey.equals(MemorySegment.NULL)) {
                clearErrors.invokeExact();
                throw new IllegalArgumentException("libcrypto could not read the RSA public key");
            }
            return pkey;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libcrypto call failed", e);
        }
    }

    private final class KeyCheck implements Rs256Check {
        private final MemorySegment pkey;
        private final int signatureLength;
        private final ThreadLocal<ThreadState> states;

        KeyCheck(RSAPublicKey key, MemorySegment pkey) {
            this.pkey = pkey;
            this.signatureLength = (key.getModulus().bitLength() + 7) / 8;
            this.states = ThreadLocal.withInitial(this::newState);
        }

        @Override
        public boolean verify(byte[] input, int length, byte[] signature) {
            if (signature.length != signatureLength) {
                return false;
            }
            ThreadState state = states.get();
            state.sha256.update(input, 0, length);
            try {
                state.sha256.digest(state.digest, 0, SHA256_LENGTH);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 into a 32-byte buffer", e);
            }
            MemorySegment.copy(state.digest, 0, state.nativeDigest, ValueLayout.JAVA_BYTE, 0, SHA256_LENGTH);
            MemorySegment.copy(signature, 0, state.nativeSignature, ValueLayout.JAVA_BYTE, 0, signatureLength);
            try {
                int result = (int) verify.invokeExact(state.context, state.nativeSignature, (long) signatureLength,
                        state.nativeDigest, (long) SHA256_LENGTH);
                if (result == 1) {
                    return true;
                }
                // A refused signature leaves its reason on this thread's error queue: empty it, or it grows.
                clearErrors.invokeExact();
                return false;
            } catch (Throwable e) {
                throw new IllegalStateException("libcrypto call failed", e);
            }
        }

        private ThreadState newState() {
            try {
                MemorySegment context = (MemorySegment) pkeyCtxNew.invokeExact(pkey, MemorySegment.NULL);
                if (context.equals(MemorySegment.NULL)) {
                    throw new IllegalStateException("EVP_PKEY_CTX_new failed");
                }
                ThreadState state = new ThreadState(context, signatureLength);
                CLEANER.register(state, new ContextRelease(pkeyCtxFree, context));
                if ((int) verifyInit.invokeExact(context) != 1
                        || (int) setRsaPadding.invokeExact(context, RSA_PKCS1_PADDING) != 1
                        || (int) setSignatureMd.invokeExact(context, sha256) != 1) {
                    clearErrors.invokeExact();
                    throw new IllegalStateException("libcrypto refused to set up an RS256 verification");
                }
                return state;
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("libcrypto call failed", e);
            }
        }
    }

    /** One thread's context and buffers. */
    private static final class ThreadState {
        final MemorySegment context;
        final MemorySegment nativeSignature;
        final MemorySegment nativeDigest;
        final byte[] digest = new byte[SHA256_LENGTH];
        final MessageDigest sha256;

        ThreadState(MemorySegment context, int signatureLength) {
            this.context = context;
            // Freed with the holder: the automatic arena's memory goes when nothing reaches it.
            Arena buffers = Arena.ofAuto();
            this.nativeSignature = buffers.allocate(signatureLength);
            this.nativeDigest = buffers.allocate(SHA256_LENGTH);
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }

    /** Frees a thread's context once its holder is unreachable; holds no reference to the holder. */
    private record ContextRelease(MethodHandle free, MemorySegment context) implements Runnable {
        @Override
        public void run() {
            try {
                free.invokeExact(context);
            } catch (Throwable ignored) {
                // Nothing to do at collection time; the process goes on.
            }
        }
    }
}
