/**
 * The wire protocol (see {@code docs/PROTOCOL.md}): request and reply layouts, the binary value encoding and the
 * journal record that wraps a request. Decoders are flyweights over reused buffers: decoding allocates nothing.
 */
package dev.zom.protocol;
