package io.cognate.ports;

/** Hands a one-time code to whatever delivers it (an event consumer that sends the e-mail). */
public interface CodeDelivery {
    void send(Request request);

    /**
     * Costs what {@link #send} costs and delivers nothing: published where no sender listens. The
     * answer of an operation that withholds a code (an unknown user's ForgotPassword) must take
     * as long as one that sends it.
     */
    void sendDecoy(Request request);

    record Request(String username, String destination, String deliveryMedium, String code,
                   String purpose, String region) {
        @Override
        public String toString() {
            // The code is a credential: keep it out of anything that prints this record.
            return "CodeDelivery.Request[username=" + username + ", destination=" + destination
                    + ", medium=" + deliveryMedium + ", purpose=" + purpose + ", region=" + region + "]";
        }
    }
}
