package io.cognate.local.kms;

/** A KMS service error, rendered on the wire as {@code {"__type": type, "message": ...}}. */
public final class KmsError extends RuntimeException {

    private final String type;
    private final int status;

    private KmsError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    static KmsError notFound(String message) {
        return new KmsError("NotFoundException", 400, message);
    }

    static KmsError validation(String message) {
        return new KmsError("ValidationException", 400, message);
    }

    static KmsError invalidKeyUsage(String message) {
        return new KmsError("InvalidKeyUsageException", 400, message);
    }

    static KmsError invalidCiphertext(String message) {
        return new KmsError("InvalidCiphertextException", 400, message);
    }

    static KmsError incorrectKey(String message) {
        return new KmsError("IncorrectKeyException", 400, message);
    }

    static KmsError unsupported(String message) {
        return new KmsError("UnsupportedOperationException", 400, message);
    }

    static KmsError alreadyExists(String message) {
        return new KmsError("AlreadyExistsException", 400, message);
    }

    static KmsError invalidSignature(String message) {
        return new KmsError("KMSInvalidSignatureException", 400, message);
    }

    static KmsError disabled(String message) {
        return new KmsError("DisabledException", 400, message);
    }

    static KmsError unknownOperation(String message) {
        return new KmsError("UnknownOperationException", 400, message);
    }

    static KmsError internal(String message) {
        return new KmsError("KMSInternalException", 500, message);
    }

    /** KMS's answer to a request over the account's request quota. */
    static KmsError throttling(String message) {
        return new KmsError("ThrottlingException", 400, message);
    }
}
