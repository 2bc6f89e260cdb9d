package dev.sockloop.internal.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A listening socket could not be opened, bound or put to listen. The message says what and why
 * ("could not bind 127.0.0.1:8080: ..."), for the server to put its name in front.
 */
public final class ListenException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Said after "address in use" for a TCP port, the usual operator mistake. */
	public static final String PORT_IN_USE = "; another process (or server) is using that port";

	/**
	 * Creates an exception.
	 * @param message what failed and why
	 * @param cause the underlying failure
	 */
	public ListenException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * A bind that failed.
	 * @param address what was to be bound
	 * @param reason why it failed
	 * @param cause the underlying failure
	 * @return the exception
	 */
	public static ListenException bindFailed(SocketAddress address, String reason, Throwable cause) {
		return new ListenException("could not bind " + describe(address) + ": " + reason, cause);
	}

	/**
	 * An address as operators write it: {@code 127.0.0.1:8080}, {@code [::1]:8080}, or
	 * {@code Unix socket /run/app.sock}.
	 * @param address the address
	 * @return the text
	 */
	public static String describe(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = inet.getAddress().getHostAddress();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return "Unix socket " + address;
	}

}
