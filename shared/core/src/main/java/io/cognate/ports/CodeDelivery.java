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

    /**
     * One code to deliver. {@code emailSubject} and {@code emailMessage} are the pool's
     * CustomMessage trigger's e-mail, the code already in it, or null for the default message.
     */
    record Request(String username, String destination, String deliveryMedium, String code,
                   String purpose, String region, String emailSubject, String emailMessage) {
        /** A code sent with the default message. */
        public Request(String username, String destination, String deliveryMedium, String code, String purpose,
                       String region) {
            this(username, destination, deliveryMedium, code, purpose, region, null, null);
        }

        @Override
        public String toString() {
            // The code is a credential: keep it out of anything that prints this record.
            return "CodeDelivery.Request[username=" + username + ", destination=" + destination
                    + ", medium=" + deliveryMedium + ", purpose=" + purpose + ", region=" + region
                    + ", customMessage=" + (emailMessage != null) + "]";
        }
    }
}
