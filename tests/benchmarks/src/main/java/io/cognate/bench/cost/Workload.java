package io.cognate.bench.cost;

/**
 * A month of use: how many users are active and what each does. {@link #DEFAULT} holds the
 * defaults {@code ./cognate cost} starts from; every one of them is a flag.
 */
public record Workload(long mau, int regions, double signinsPerUser, double refreshesPerUser,
                       double verificationsPerUser, double signupsFraction, TrafficSwitch trafficSwitch,
                       double healthProbeMs) {

    public static final String SIGN_IN = "signin";
    public static final String REFRESH = "refresh";
    public static final String SIGN_UP = "signup";
    public static final String VERIFY = "verify";

    /** How a promotion moves traffic (template.yaml's TrafficSwitch parameter). */
    public enum TrafficSwitch { ROUTE53, ARC }

    /**
     * 100,000 MAU in the template's two regions (primary and ReplicaRegion), as the example.
     * 10 sign-ins per user and month: the figure.
     * 30 refreshes: access tokens last an hour (Cognito's default and ours), so a session kept open
     * for about three hours refreshes three times; 10 sessions make 30.
     * 0 verifications through the Lambda authorizer: Cognito's users verify its tokens with API
     * Gateway's JWT authorizer or in their own code, at no Cognito charge, and Cognate's tokens verify
     * the same way (JwtAuthorizerTest); the Lambda authorizer is the opt-in for routes that need the
     * revocation check, so its cost is asked for with --verifications-per-user.
     * 5 % of the month's active users signed up that month: a service growing a few percent a month.
     * 50 ms per /health probe: not measured yet (a consistent GetItem and a KMS GetPublicKey in the
     * region, each some milliseconds); at 512 MB and six probes a minute it is cents a month either way.
     */
    public static final Workload DEFAULT = new Workload(100_000, 2, 10, 30, 0, 0.05, TrafficSwitch.ROUTE53, 50);

    public Workload {
        if (mau < 0 || regions < 1) {
            throw new IllegalArgumentException("MAU must be >= 0 and regions >= 1");
        }
        if (signupsFraction < 0 || signupsFraction > 1) {
            throw new IllegalArgumentException("--signups-fraction is a share of MAU, between 0 and 1");
        }
    }

    /** Operations of one scenario in the month. */
    public double operations(String scenario) {
        return switch (scenario) {
            case SIGN_IN -> mau * signinsPerUser;
            case REFRESH -> mau * refreshesPerUser;
            case SIGN_UP -> mau * signupsFraction;
            case VERIFY -> mau * verificationsPerUser;
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    public Workload withMau(long newMau) {
        return new Workload(newMau, regions, signinsPerUser, refreshesPerUser, verificationsPerUser, signupsFraction,
                trafficSwitch, healthProbeMs);
    }
}
