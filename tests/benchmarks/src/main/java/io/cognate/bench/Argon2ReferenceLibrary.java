package io.cognate.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * libargon2's {@code argon2id_hash_raw} through the foreign-function API, final in JDK 22: this one
 * class is compiled for release 22 (the jdk22 profile of this module) and loaded by name, so the
 * rest of the module builds on JDK 21 too. The call runs on the calling thread, so that thread's
 * CPU time is the C code's. Not thread-safe: it reuses its native buffers.
 */
public final class Argon2ReferenceLibrary implements Argon2Reference {
    private static final int MAX_INPUT = 1024;

    private final MethodHandle hashRaw;
    private final MemorySegment password;
    private final MemorySegment salt;
    private final MemorySegment hash;
    private final Path library;

    public Argon2ReferenceLibrary(Path library) {
        this.library = library;
        Arena arena = Arena.global();
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
        // int argon2id_hash_raw(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism, const void *pwd,
        //     size_t pwdlen, const void *salt, size_t saltlen, void *hash, size_t hashlen)
        this.hashRaw = Linker.nativeLinker().downcallHandle(lookup.find("argon2id_hash_raw").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        this.password = arena.allocate(MAX_INPUT);
        this.salt = arena.allocate(MAX_INPUT);
        this.hash = arena.allocate(MAX_INPUT);
    }

    @Override
    public byte[] argon2idHashRaw(int iterations, int memoryKiB, int parallelism, byte[] passwordBytes,
            byte[] saltBytes, int hashLength) {
        MemorySegment.copy(passwordBytes, 0, password, ValueLayout.JAVA_BYTE, 0, passwordBytes.length);
        MemorySegment.copy(saltBytes, 0, salt, ValueLayout.JAVA_BYTE, 0, saltBytes.length);
        int result;
        try {
            result = (int) hashRaw.invokeExact(iterations, memoryKiB, parallelism, password,
                    (long) passwordBytes.length, salt, (long) saltBytes.length, hash, (long) hashLength);
        } catch (Throwable failure) {
            throw new IllegalStateException("argon2id_hash_raw failed", failure);
        }
        if (result != 0) {
            throw new IllegalStateException("argon2id_hash_raw returned " + result);
        }
        return hash.asSlice(0, hashLength).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public String source() {
        return library.toString();
    }
}
