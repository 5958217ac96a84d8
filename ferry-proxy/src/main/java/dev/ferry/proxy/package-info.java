/**
 * The write-back proxy, {@code ferry proxy}: {@link dev.ferry.proxy.ProxyServer} and its config file
 * ({@link dev.ferry.proxy.ProxyConfig}), app tokens ({@link dev.ferry.proxy.TokenHash}), the ACLs its
 * principal needs ({@link dev.ferry.proxy.ProxyAcls}); inside, TLS, metrics, the
 * catalog of the apps' announcements, the checks of every batch and the envelope rules. Uses only the
 * engine's public types.
 */
package dev.ferry.proxy;
