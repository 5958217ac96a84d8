package dev.ferry.hub.web;

import dev.ferry.hub.access.HubUser;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Tells who a request comes from: the seam for ways of logging in. The hub's own are its session
 * cookie (the login form), HTTP basic auth and bearer API tokens ({@link HubAccess}); an OIDC or
 * trusted-header authenticator (a proxy's {@code X-Forwarded-User}, say) is one more
 * implementation, tried in turn with the others. None exists yet.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Who {@code ctx} comes from.
     *
     * @return the user; empty if this authenticator finds no credentials of its kind in the request
     * @throws io.javalin.http.UnauthorizedResponse if it finds credentials of its kind and they are wrong
     */
    Optional<HubUser> authenticate(Context ctx);
}
