/**
 * The write-back plug-in {@code proxy} ({@link dev.ferry.proxy.client.ProxySinkProvider}, found by
 * {@link java.util.ServiceLoader}): the engine's sink of each consumer writes through the proxy.
 */
package dev.ferry.proxy.client;
