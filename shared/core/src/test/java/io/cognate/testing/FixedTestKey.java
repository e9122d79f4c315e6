package io.cognate.testing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * A fixed RSA-2048 key pair for unit tests, so that a test does not spend the time a new key
 * costs (up to seconds on a busy machine). The private key is published here: it signs nothing
 * but test tokens, and no deployment may ever trust it.
 */
public final class FixedTestKey {
    private static final String PKCS8_BASE64 =
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCOpfMvEtdyconnbGqgrirpMmPPkmMucCsRIDc6sqBm0iqt"
            + "58XM3COnSghaIYtWpUuV5AS0+VwiN72+YmxBy+WqFJM8/sf08bbMZJHe8azV+OW8iN0vDFKm547lA7sw/2UwS3u3wygXPkSS"
            + "G5Py9MDa4i/Qbg3OwN47yjsrNgpbS1autQaNKT1y+O15NsxfZiqcAa4WxkZBLPbyDZ9Gj0XwEJkXPCy28jYfjGbBF3tq5Zzp"
            + "FibNeO0FImJu8+nk3J3Z8n7Hx7Q9eEGXSd22Q1MptlObODqAuqMNSq1RmhtgxpAJEL+CYj8Pby5i0PK2zs2mY3QDXX85YBA4"
            + "umQEtjG1AgMBAAECggEABp8JVKwJOBS89fMAWAj9kOl33JCs7eDi/t6B8cWM0Hj85imV8tZdCUzUamqYLyNpCMIWvde9QRFZ"
            + "S1cCM2Ole2mNFA23dlUp6P7aDoElRqFQ+JlZuu9Vfs3MwjCUJcgVCFLYoUT7vWh0glupWGOn+AD7uy8AkRI+voO6j1zoyif5"
            + "UagmgS5+jGkBhS3PKy2WhKjanGHXTBJ6rxF6uN9HoBwxjDnZZOggAku7DHUwKeKUX1z8CGN7ED/lnUzxhhbEPfDWUzVCV/58"
            + "KDVQnHc542YbqqZap+IIIgWqUBurPruuCR/32vnoQAiM+bJ+61KQChUl1pPKTSehQLx7fC+hwQKBgQC2c4T7S/dqjulUlxU2"
            + "qt64gI2uymydG1vCiv+MNghJLnLmlM3+asv0QOIjCu6s6RBcM5xgLkO5qnWmXzu0UHNPDL5m2mZiR4ernCW9qfWpblBlwJyn"
            + "ihQ1TML2NDyfk8FQYQtLNpUbWux2sW9jGQZfqtCQPQTmBf0yqfKdrJ7lKQKBgQDIJt3lGrxdq7bnTOV3/95RxVTAwEcsb+R/"
            + "K6CwveMC3ehJneptA3rXICjjlyudm1qIafVd0TynAY7JbOqiDZIC1Yc3ZcHMuMX9mhIMCZ/ExwMKkjuG/lWjcENaZREgCbPj"
            + "3AdkOiYSit7d4OOc7ZsKHtGtGNlzQFoUOk+VJChNrQKBgFUSXClIbJ707/sPT0bkOWFSH74miKpgvVJiuXFJKGfnDpBRRhOg"
            + "/GRxdH/ecxeQvJ4hOoLmT5Hc12qx8QbMlFeBm64dm6urqqjr7/UVsIRF+ZrYSrMcAPwxRJ7EEJhfrr2p4jg5xSCyLpvRdByC"
            + "6KPm48S9jvEqTbs33vaCLLyxAoGBAIUbU/ZJEXw59ilcuj5Tq0Y2NWb6eFrVDuCD4xmnLpF5gkFzA7P73HW0rXytzBPEfTC7"
            + "RrJdtDhckNjj1iZvX+sClioBQiEjwIgnLllTDS2QLDWbinr8KXfH8QLss7bavQeMDF5bTXaHZC+qn7R9T94rIMY9AF/lLALH"
            + "xKUqpqMBAoGACIqJ5YcFXkooiav5XtszUmlrWiB0CUoEIupOpVJZhFWNvyp3ooNeqW17+mNfb34/45ZwhGDkzI6OUZjrOYlK"
            + "I2eKkP5yu1wma4JQQbmzIuh2UitqlDyoiP8Y7L+HUbfVzL+I17/T5uab2NhNsBbc7qhwo+kQY1oyEjr+NudhD1M=";

    private static final LocalRsaSigner SIGNER = new LocalRsaSigner(decode());

    private FixedTestKey() {
    }

    /** A signer over the fixed key pair. */
    public static LocalRsaSigner signer() {
        return SIGNER;
    }

    private static KeyPair decode() {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PKCS8_BASE64)));
            var publicKey = rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(),
                    privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the fixed test key does not decode", e);
        }
    }
}
