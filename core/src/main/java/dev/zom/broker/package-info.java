/**
 * The broker: one ingress agent owns every ZeroMQ socket and decodes into a Disruptor ring; on the ring the journal
 * handler decides (through the {@code Arbiter}), appends and syncs per batch, and the ack handler hands replies back
 * to the ingress; one disk writer per file store tails the journal and applies writes to the trees.
 */
package dev.zom.broker;
