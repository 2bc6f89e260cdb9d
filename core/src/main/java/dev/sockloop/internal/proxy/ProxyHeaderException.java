package dev.sockloop.internal.proxy;

/**
 * A connection's PROXY protocol header is malformed, too long, or missing where it is required.
 * The message says what was wrong, never the bytes.
 */
public final class ProxyHeaderException extends Exception {

	private static final long serialVersionUID = 1L;

	public ProxyHeaderException(String message) {
		super(message, null, false, false);
	}

}
