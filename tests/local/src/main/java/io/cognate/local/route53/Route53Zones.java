package io.cognate.local.route53;

import java.net.URI;
import java.util.Optional;

/** The Route 53 the local stack keeps the pool's public record in: its own, or LocalStack's. */
public interface Route53Zones extends AutoCloseable {

    /** Creates a public hosted zone and returns its id (without the /hostedzone/ prefix). */
    String createZone(String name);

    /** The record of that name and type in the zone, if there is one. */
    Optional<RecordSet> find(String zoneId, String name, String type);

    /** Where the functions' Route 53 client is pointed. */
    URI endpoint();

    @Override
    void close();
}
