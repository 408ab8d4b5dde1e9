/**
 * RFC13's lock files, for writers that bypass the broker: a lock per entry with an owner and a lease, renewed by
 * heartbeat, breakable once expired; the broker's disk writers wait for locks held by others.
 */
package dev.zom.lock;
