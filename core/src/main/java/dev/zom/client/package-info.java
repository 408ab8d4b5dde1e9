/**
 * The Java client: {@code ZomClient} writes (fire-and-forget or acknowledged), reads and lists through a broker.
 */
package dev.zom.client;
