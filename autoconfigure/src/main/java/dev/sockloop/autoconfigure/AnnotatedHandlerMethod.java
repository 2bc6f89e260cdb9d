package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;

/**
 * A handler method found on a bean through its annotation ({@code @SocketHandler} or
 * {@code @DatagramHandler}): what {@link HandlerMethodFinder} needs to tell handlers apart.
 */
interface AnnotatedHandlerMethod {

	/** Name of the server the method serves. */
	String serverName();

	/** The annotation's port attribute, placeholders not yet resolved; empty when not set. */
	String port();

	/** The handler method, as declared on the bean's class. */
	Method method();

	/** The method, described for error messages. */
	default String description() {
		return HandlerMethodSignature.describe(method());
	}

}
