package dev.sockloop.connection;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.stats.CloseReason;

/**
 * One accepted TCP connection, owned by one event loop.
 *
 * <p>Every method may be called from any thread; work is handed over to the connection's loop.
 * Buffers emitted by {@link #receive()} belong to the caller: there is nothing to release.
 */
public interface Connection {

	/**
	 * Identifier of this connection, unique within the process for its lifetime.
	 * @return the connection id
	 */
	long id();

	/**
	 * Name of the server that accepted this connection.
	 * @return the server name
	 */
	String serverName();

	/**
	 * Local address of the socket, as taken when the connection was accepted or connected: the
	 * same after a reset or a close.
	 * @return the local address, or {@code null} if the socket was reset before it could be read
	 */
	SocketAddress localAddress();

	/**
	 * Remote address of the peer, as taken when the connection was accepted or connected: the
	 * same after a reset or a close.
	 * @return the remote address, or {@code null} if the socket was reset before it could be read
	 */
	SocketAddress remoteAddress();

	/**
	 * The TLS session of a connection to a TLS server, for the handler's own checks: protocol,
	 * cipher suite and, in mutual TLS, the certificates the client presented (see
	 * {@link #peerCertificates()}). A handler is called once the handshake has completed, so it
	 * always finds the session there. Wrappers of a connection must pass this on.
	 * @return the session once the handshake has completed; empty on a connection without TLS
	 */
	default Optional<SSLSession> tlsSession() {
		return Optional.empty();
	}

	/**
	 * The certificates the peer presented in the TLS handshake, its own first, then the chain to
	 * the authority its verifier trusted: in mutual TLS, the client's identity to authorise, as in
	 * {@code ((X509Certificate) connection.peerCertificates().get(0)).getSubjectX500Principal()}.
	 * They were verified against the server's trust store during the handshake.
	 * @return the peer's certificates; empty without TLS, or when the peer presented none (client
	 * authentication {@code none} or {@code want})
	 */
	default List<Certificate> peerCertificates() {
		Optional<SSLSession> session = tlsSession();
		if (session.isEmpty()) {
			return List.of();
		}
		try {
			return List.of(session.get().getPeerCertificates());
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of();
		}
	}

	/**
	 * Bytes received from the peer, as they arrive. Honours demand: while nothing is requested the
	 * socket is not read, so the TCP window pushes back on the client. Completes when the peer
	 * shuts down its sending side (the connection stays open for writing), errors on reset or a
	 * read error. Only one subscriber is allowed.
	 * @return the inbound bytes
	 */
	Flux<ByteBuffer> receive();

	/**
	 * Writes every buffer of the given publisher, in order, with a bounded prefetch. Past the write
	 * high-water mark no more buffers are requested until the queue drains below the low-water mark.
	 * @param data the buffers to write; their remaining bytes are sent, their positions left alone
	 * @return a {@code Mono} that subscribes to {@code data} and completes once all of it has been
	 * handed to the kernel
	 */
	Mono<Void> send(Publisher<ByteBuffer> data);

	/**
	 * Mutable attributes for the application's own per-connection state.
	 * @return the attributes, safe for use from any thread
	 */
	Map<String, Object> attributes();

	/**
	 * Whether the connection is still open.
	 * @return {@code true} until the socket has been closed
	 */
	boolean isOpen();

	/**
	 * Closes the connection once the bytes already queued have been written.
	 */
	void close();

	/**
	 * Closes the connection once the bytes already queued have been written, recording why, such as
	 * {@link CloseReason#BAD_FRAME} when the peer broke the protocol. Wrappers of a connection must
	 * pass this on.
	 * @param reason why the application closes the connection
	 */
	default void close(CloseReason reason) {
		close();
	}

	/**
	 * Closes the connection at once, discarding the bytes queued and not yet written: for a peer that
	 * does not read, which a graceful {@link #close(CloseReason)} would wait for in vain. Wrappers
	 * of a connection must pass this on.
	 * @param reason why the application closes the connection
	 */
	default void abort(CloseReason reason) {
		close(reason);
	}

	/**
	 * Completes when the connection has been closed, for whatever reason.
	 * @return a {@code Mono} completing on close
	 */
	Mono<Void> onClose();

}
