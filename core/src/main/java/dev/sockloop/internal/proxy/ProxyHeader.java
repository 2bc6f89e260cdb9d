package dev.sockloop.internal.proxy;

import java.net.SocketAddress;

/**
 * A PROXY protocol header read from the start of a connection.
 *
 * @param length bytes the header takes at the start of the stream (0 when there was none)
 * @param source the client's address the header carries, or {@code null} when it carries none
 * ({@code LOCAL} command, {@code UNKNOWN} or unspecified family): the socket's own peer then stands
 * @param destination the address the client connected to, or {@code null} as for {@code source}
 */
public record ProxyHeader(int length, SocketAddress source, SocketAddress destination) {

	/** The stream does not start with a PROXY protocol signature. */
	public static final ProxyHeader ABSENT = new ProxyHeader(0, null, null);

}
