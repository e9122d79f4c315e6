package io.cognate.ports;

import io.cognate.testing.InMemoryRevocations;
import io.cognate.testing.contracts.RevocationsContract;

class InMemoryRevocationsContractTest extends RevocationsContract {
    /** One table per test, which every region's store reads and writes. */
    private final InMemoryRevocations table = new InMemoryRevocations("us-east-1");

    @Override
    protected Revocations revocationsIn(String region) {
        return table.inRegion(region);
    }
}
