/**
 * The proxy's gRPC protocol ({@link dev.ferry.proxy.wire.ProxyProtocol}) and its messages, shared by
 * the server and the client.
 */
package dev.ferry.proxy.wire;
