package io.cognate.local;

import java.util.List;

/**
 * How the local stack is laid out. Port 0 means any free port (what tests use); the defaults
 * are the ports the README shows.
 */
public record LocalOptions(int frontDoorPort, List<RegionSpec> regions) {

    public record RegionSpec(String name, int port) {
    }

    public static LocalOptions defaults() {
        return new LocalOptions(8080, List.of(new RegionSpec("us-east-1", 8081), new RegionSpec("eu-west-1", 8082)));
    }

    public static LocalOptions ephemeral() {
        return new LocalOptions(0, List.of(new RegionSpec("us-east-1", 0), new RegionSpec("eu-west-1", 0)));
    }

    public RegionSpec primary() {
        return regions.getFirst();
    }

    /** Parses {@code --front-port N --primary-port N --secondary-port N}. */
    public static LocalOptions parse(String... args) {
        int front = 8080;
        int primary = 8081;
        int secondary = 8082;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            int value = port(flag, args[++i]);
            switch (flag) {
                case "--front-port" -> front = value;
                case "--primary-port" -> primary = value;
                case "--secondary-port" -> secondary = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new LocalOptions(front, List.of(new RegionSpec("us-east-1", primary), new RegionSpec("eu-west-1", secondary)));
    }

    private static int port(String flag, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a port number, not '" + text + "'");
        }
    }
}
