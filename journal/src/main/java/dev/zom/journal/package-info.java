/**
 * The durable append-only journal of opaque records that zom acknowledges writes against.
 */
package dev.zom.journal;
