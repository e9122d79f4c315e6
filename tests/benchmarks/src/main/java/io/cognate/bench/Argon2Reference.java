package io.cognate.bench;

/**
 * The reference C implementation of Argon2 (the PHC winners' libargon2, as Debian packages it),
 * called in this process so that its CPU time is measured the same way as the Java hashers'.
 * {@link Argon2ReferenceLibrary} implements it with the foreign-function API (JDK 22+).
 */
public interface Argon2Reference {
    /** libargon2's {@code argon2id_hash_raw}: version 0x13, no secret, no associated data. */
    byte[] argon2idHashRaw(int iterations, int memoryKiB, int parallelism, byte[] password, byte[] salt, int hashLength);

    /** Where the library was loaded from. */
    String source();
}
