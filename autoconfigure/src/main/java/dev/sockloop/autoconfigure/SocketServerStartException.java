package dev.sockloop.autoconfigure;

/**
 * Thrown at start-up when a server could not be started, typically because its port is in use.
 */
public class SocketServerStartException extends RuntimeException {

	private final String serverName;

	private final String address;

	private final int port;

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
	 * @return the address
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * Port the server tried to bind.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
