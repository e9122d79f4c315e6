package io.cognate.it;

import io.cognate.local.LocalCognate;
import io.cognate.local.LocalOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local two-region stack shared by every integration test class in the run, started on
 * free ports the first time a class asks for it and stopped when the run ends.
 */
final class LocalStackExtension {
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static volatile LocalCognate started;

    private LocalStackExtension() {
    }

    static LocalCognate stack(ExtensionContext context) {
        LocalCognate stack = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("cognate-local-stack", key -> new Holder(), Holder.class).stack;
        started = stack;
        return stack;
    }

    /**
     * The same stack with DynamoDB, KMS, Route 53 and EventBridge in LocalStack, shared by the
     * LocalStack test classes of the run; {@link #started()} keeps answering the in-JVM one.
     */
    static LocalCognate onLocalStack(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("cognate-localstack-stack", key -> new Holder(
                        LocalOptions.ephemeral().withLocalStack(io.cognate.localstack.LocalStackContainerHolder.edge())),
                        Holder.class).stack;
    }

    /** The stack some test class already asked for, for static methods its tests call. */
    static LocalCognate started() {
        if (started == null) {
            throw new IllegalStateException("no test class has started the local stack yet");
        }
        return started;
    }

    /** What the stack printed (the outbox lines among it). */
    static String console() {
        synchronized (CONSOLE) {
            return CONSOLE.toString(StandardCharsets.UTF_8);
        }
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final LocalCognate stack;

        Holder() {
            this(LocalOptions.ephemeral());
        }

        Holder(LocalOptions options) {
            stack = LocalCognate.start(options, new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
            // The suites on this shared stack were written for the write fence: a secondary refuses
            // writes. They keep checking it with the regions not linked for write forwarding (as a
            // deployment without RegionEndpoints); WriteForwardingTest runs its own, linked stack.
            stack.linkRegionsForWriteForwarding(false);
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
