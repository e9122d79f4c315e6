package io.cognate.domain.clients;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Cognito's {@code TokenValidityUnits}: the unit each of an app client's token validities is
 * written in, on the wire and in the console. The validities themselves are kept as durations
 * ({@link io.cognate.domain.AppClient}); the units only say how to show them again.
 */
public record TokenValidityUnits(Unit accessToken, Unit idToken, Unit refreshToken) {

    /** Cognito's {@code TimeUnitsType}. */
    public enum Unit {
        SECONDS(ChronoUnit.SECONDS), MINUTES(ChronoUnit.MINUTES), HOURS(ChronoUnit.HOURS), DAYS(ChronoUnit.DAYS);

        private final ChronoUnit chronoUnit;

        Unit(ChronoUnit chronoUnit) {
            this.chronoUnit = chronoUnit;
        }

        /** The wire name: {@code seconds}, {@code minutes}, {@code hours} or {@code days}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Unit fromWire(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        public Duration times(long amount) {
            return chronoUnit.getDuration().multipliedBy(amount);
        }

        /** {@code duration} in this unit, rounded down. */
        public long of(Duration duration) {
            return duration.dividedBy(chronoUnit.getDuration());
        }

        boolean dividesExactly(Duration duration) {
            return duration.toSeconds() % chronoUnit.getDuration().toSeconds() == 0;
        }
    }

    /** Cognito's defaults: hours for the access and ID token, days for the refresh token. */
    public static final TokenValidityUnits DEFAULT = new TokenValidityUnits(Unit.HOURS, Unit.HOURS, Unit.DAYS);

    /**
     * For a client stored before units were kept: for each validity, the largest unit it is a
     * whole number of, so that showing it loses nothing.
     */
    public static TokenValidityUnits largestExact(Duration access, Duration id, Duration refresh) {
        return new TokenValidityUnits(largestExact(access), largestExact(id), largestExact(refresh));
    }

    private static Unit largestExact(Duration duration) {
        for (Unit unit : new Unit[] {Unit.DAYS, Unit.HOURS, Unit.MINUTES}) {
            if (!duration.isZero() && unit.dividesExactly(duration)) {
                return unit;
            }
        }
        return Unit.SECONDS;
    }
}
