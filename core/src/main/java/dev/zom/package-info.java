/**
 * zom's core: the error type shared by every feature package ({@code format}, and later the protocol, the
 * client and the broker).
 */
package dev.zom;
