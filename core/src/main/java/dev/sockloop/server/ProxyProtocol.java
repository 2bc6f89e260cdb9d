package dev.sockloop.server;

/**
 * Whether a server expects the PROXY protocol header (version 1, text, or version 2, binary) that
 * a load balancer such as HAProxy ({@code send-proxy}, {@code send-proxy-v2}) or an AWS NLB puts
 * before the client's bytes. The header is read on the connection's loop before the handler runs
 * (and before TLS), and the client's address it carries becomes
 * {@link dev.sockloop.connection.Connection#remoteAddress()}.
 *
 * <p>Bounds: a version 1 header is at most 107 bytes; a version 2 header's address block and TLVs
 * are at most 4,096 bytes (TLVs are
 * skipped). A header not complete within the header timeout, or malformed, or over the bounds,
 * closes the connection: {@link dev.sockloop.stats.CloseReason#TIMEOUT TIMEOUT} or
 * {@link dev.sockloop.stats.CloseReason#BAD_FRAME BAD_FRAME}.
 */
public enum ProxyProtocol {

	/** No header is expected: the bytes are the client's from the first one. */
	OFF,

	/**
	 * A header is used when the first bytes carry a PROXY protocol signature, and the bytes are
	 * the client's otherwise. Only where clients also connect directly from a trusted network: a
	 * direct client may forge its address. The handler runs once the first bytes arrive (or the
	 * header timeout passes), so a client that waits for the server to speak first waits that long.
	 */
	OPTIONAL,

	/** Every connection must start with a valid header; any other is closed. */
	REQUIRED

}
