package io.cognate.adapters.powertools;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * An EMF environment whose sink serialises each metrics document as the real sinks do and hands
 * the lines to {@code documents}: discarded when priming before a snapshot, kept by tests.
 */
final class SerialisingEnvironment implements Environment, ISink {
    private final String name;
    private final Consumer<List<String>> documents;

    SerialisingEnvironment(String name, Consumer<List<String>> documents) {
        this.name = name;
        this.documents = documents;
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getType() {
        return name;
    }

    @Override
    public String getLogGroupName() {
        return name;
    }

    @Override
    public void configureContext(MetricsContext context) {
    }

    @Override
    public ISink getSink() {
        return this;
    }

    @Override
    public void accept(MetricsContext context) {
        try {
            documents.accept(context.serialize());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }
}
