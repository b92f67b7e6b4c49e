/**
 * The provider contract suite: {@link dev.darkroom.spi.contract.ProviderContract} runs the same
 * tests (success with provenance and cost, retries, each error kind, cancellation, options refused
 * before sending, secrets, batch) against any provider through a {@link dev.darkroom.spi.contract.ContractFake}.
 * Shipped in darkroom-core's test jar.
 */
@NullMarked
package dev.darkroom.spi.contract;

import org.jspecify.annotations.NullMarked;
