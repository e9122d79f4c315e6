package io.cognate.webauthn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The few CBOR (RFC 8949) items WebAuthn's structures need, written by hand so that the test
 * authenticator shares no code with the server's CBOR reader: integers, byte and text strings,
 * arrays and maps (written in the order given).
 */
final class Cbor {
    private Cbor() {
    }

    static byte[] encode(Object value) {
        var out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case Integer i -> write(out, (long) i);
            case Long n -> {
                if (n >= 0) {
                    head(out, 0, n);
                } else {
                    head(out, 1, -1 - n);
                }
            }
            case byte[] bytes -> {
                head(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case String text -> {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                head(out, 3, utf8.length);
                out.writeBytes(utf8);
            }
            case List<?> list -> {
                head(out, 4, list.size());
                list.forEach(element -> write(out, element));
            }
            case Map<?, ?> map -> {
                head(out, 5, map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            }
            default -> throw new IllegalArgumentException("no CBOR for " + value.getClass());
        }
    }

    /** A major type and its argument, in the shortest form (RFC 8949 section 3). */
    private static void head(ByteArrayOutputStream out, int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            out.write(type | (int) argument);
        } else if (argument < 0x100) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument < 0x10000) {
            out.write(type | 25);
            out.write((int) (argument >> 8));
            out.write((int) argument);
        } else if (argument < 0x1_0000_0000L) {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        } else {
            out.write(type | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (argument >> shift));
            }
        }
    }
}
