package dev.sockloop.spring;

import dev.sockloop.datagram.DatagramServerBuilder;

/**
 * Callback to customize a datagram server's engine options beyond what the
 * {@code sockloop.datagram.*} properties offer (multicast groups, for instance). Every customizer
 * bean is called, in {@link org.springframework.core.annotation.Order order}, after the properties
 * have been applied and before the server starts.
 */
@FunctionalInterface
public interface DatagramServerCustomizer {

	/**
	 * Customizes the builder of one datagram server.
	 * @param serverName name of the server being built
	 * @param builder the builder, with the properties and the handler already applied
	 */
	void customize(String serverName, DatagramServerBuilder builder);

}
