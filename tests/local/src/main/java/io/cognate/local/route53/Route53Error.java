package io.cognate.local.route53;

/** A Route 53 error, rendered as the REST-XML {@code ErrorResponse} the SDK reads. */
final class Route53Error extends RuntimeException {
    private final int status;
    private final String code;

    private Route53Error(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static Route53Error noSuchHostedZone(String id) {
        return new Route53Error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
    }

    static Route53Error noSuchChange(String id) {
        return new Route53Error(404, "NoSuchChange", "A change with the specified change ID does not exist: " + id);
    }

    static Route53Error invalidChangeBatch(String message) {
        return new Route53Error(400, "InvalidChangeBatch", message);
    }

    static Route53Error invalidInput(String message) {
        return new Route53Error(400, "InvalidInput", message);
    }

    static Route53Error unknownOperation(String message) {
        return new Route53Error(404, "UnknownOperationException", message);
    }

    static Route53Error hostedZoneAlreadyExists(String message) {
        return new Route53Error(409, "HostedZoneAlreadyExists", message);
    }
}
