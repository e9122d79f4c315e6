package io.cognate.ports;

import io.cognate.testing.InMemoryUsedTotpCodes;
import io.cognate.testing.contracts.UsedTotpCodesContract;

class InMemoryUsedTotpCodesContractTest extends UsedTotpCodesContract {
    /** One table per test, which every region's store reads and writes. */
    private final InMemoryUsedTotpCodes table = new InMemoryUsedTotpCodes("us-east-1");

    @Override
    protected UsedTotpCodes usedCodesIn(String region) {
        return table.inRegion(region);
    }
}
