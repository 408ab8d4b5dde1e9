/**
 * JMH benchmarks and the load generator; their outputs are committed under {@code results/}.
 */
package dev.zom.bench;
