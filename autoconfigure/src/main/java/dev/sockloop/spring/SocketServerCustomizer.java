package dev.sockloop.spring;

import dev.sockloop.server.SocketServerBuilder;

/**
 * Callback to customize a server's engine options beyond what the {@code sockloop.*} properties
 * offer. Every customizer bean is called, in {@link org.springframework.core.annotation.Order order},
 * after the properties have been applied and before the server starts.
 */
@FunctionalInterface
public interface SocketServerCustomizer {

	/**
	 * Customizes the builder of one server.
	 * @param serverName name of the server being built
	 * @param builder the builder, with the properties and the handler already applied
	 */
	void customize(String serverName, SocketServerBuilder builder);

}
