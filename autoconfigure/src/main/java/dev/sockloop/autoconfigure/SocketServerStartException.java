package dev.sockloop.autoconfigure;

import java.nio.file.Path;

/**
 * Thrown at start-up when a server could not be started, typically because its port is in use.
 */
public class SocketServerStartException extends RuntimeException {

	private final String serverName;

	private final String address;

	private final int port;

	private final Path path;

	/**
	 * Creates an exception for one server.
	 * @param serverName the server's name
	 * @param address the address it tried to bind
	 * @param port the port it tried to bind
	 * @param cause the engine's failure
	 */
	public SocketServerStartException(String serverName, String address, int port, Throwable cause) {
		super("Sockloop server '" + serverName + "' could not start on " + address + ":" + port + ": "
				+ cause.getMessage(), cause);
		this.serverName = serverName;
		this.address = address;
		this.port = port;
		this.path = null;
	}

	/**
	 * Creates an exception for one server on a Unix domain socket.
	 * @param serverName the server's name
	 * @param path the socket file it tried to bind
	 * @param cause the engine's failure
	 */
	public SocketServerStartException(String serverName, Path path, Throwable cause) {
		super("Sockloop server '" + serverName + "' could not start on Unix socket " + path + ": "
				+ cause.getMessage(), cause);
		this.serverName = serverName;
		this.address = null;
		this.port = -1;
		this.path = path;
	}

	/**
	 * Name of the server that failed.
	 * @return the name
	 */
	public String getServerName() {
		return this.serverName;
	}

	/**
	 * Address the server tried to bind.
	 * @return the address, or {@code null} for a Unix domain socket server
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * Port the server tried to bind.
	 * @return the port, or -1 for a Unix domain socket server
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Socket file the server tried to bind.
	 * @return the path, or {@code null} for a TCP server
	 */
	public Path getPath() {
		return this.path;
	}

}
