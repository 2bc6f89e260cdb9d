package dev.sockloop.spring;

import dev.sockloop.datagram.DatagramServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a Sockloop datagram server has bound its sockets. With port 0 this is where the
 * bound port can be read, as can the environment property
 * {@code local.sockloop.datagram.<name>.port}.
 */
public class DatagramServerStartedEvent extends ApplicationEvent {

	/**
	 * Creates an event for the given server.
	 * @param server the server that started
	 */
	public DatagramServerStartedEvent(DatagramServer server) {
		super(server);
	}

	/**
	 * The server that started.
	 * @return the server
	 */
	public DatagramServer getServer() {
		return (DatagramServer) getSource();
	}

}
