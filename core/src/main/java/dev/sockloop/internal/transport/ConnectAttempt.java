package dev.sockloop.internal.transport;

import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLHandshakeException;

import reactor.core.publisher.MonoSink;

import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.tls.ClientTls;
import dev.sockloop.stats.ClientStats;

/**
 * One connect, from subscription until the subscriber holds the connection. Whoever holds the socket
 * is always known (the connect code, then a {@link PendingConnect}, then the connection), so that a
 * failure, a throw or a cancel at any point closes it exactly once.
 *
 * <p>A cancel is a flag set from any thread plus a task on the loop that ends a pending connect or
 * closes a connection already offered. The sink calls the cancel callback only if the value had not
 * reached the subscriber (its state moves to "value delivered" once, either by the delivery or by the
 * cancel), so a connection offered as the cancel races in was dropped, never delivered, and closing
 * it is safe. A connection that opens after the cancel is closed instead of offered.
 *
 * <p>With TLS the connection is offered once its handshake has completed; a handshake that fails,
 * times out or is cut short by a close fails the attempt instead, and closes the socket.
 */
public final class ConnectAttempt {

	private final MonoSink<Connection> sink;

	private final EventLoop loop;

	private final ConnectionOwner owner;

	private final long timeoutNanos;

	private final SocketAddress target;

	/** {@code null} for plain TCP. */
	private final ClientTls tls;

	private final ClientStats clientStats;

	private volatile boolean cancelled;

	/** Loop thread only: the connection whose TLS handshake is under way. */
	private LoopConnection handshaking;

	/**
	 * Whether the sink was told. Set once: the TLS drain may, rarely, report a failure off the loop
	 * as the close reports it on the loop.
	 */
	private final AtomicBoolean settled = new AtomicBoolean();

	/** Loop thread only: the connect in progress, until it succeeds or fails. */
	private PendingConnect pending;

	/** Loop thread only: the connection handed to the sink. */
	private Connection offered;

	/**
	 * Starts an attempt for a subscriber.
	 * @param sink the subscriber's sink
	 * @param loop the loop the connect runs on
	 * @param owner the client the connection will belong to
	 * @param timeoutNanos how long the connect may take
	 * @param target the address connected to
	 * @param tls the client's TLS side, or {@code null} for plain TCP
	 * @param clientStats where failed attempts are counted
	 */
	public ConnectAttempt(MonoSink<Connection> sink, EventLoop loop, ConnectionOwner owner, long timeoutNanos,
			SocketAddress target, ClientTls tls, ClientStats clientStats) {
		this.sink = sink;
		this.loop = loop;
		this.owner = owner;
		this.timeoutNanos = timeoutNanos;
		this.target = target;
		this.tls = tls;
		this.clientStats = clientStats;
		sink.onCancel(this::cancel);
	}

	/**
	 * The client the connection will belong to.
	 * @return the owner
	 */
	public ConnectionOwner owner() {
		return this.owner;
	}

	/**
	 * Whether the subscriber cancelled; nothing is worth starting then.
	 * @return {@code true} once cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	/** Any thread: the subscriber no longer wants the connection. */
	private void cancel() {
		this.cancelled = true;
		this.loop.execute(() -> {
			if (this.pending != null) {
				this.pending.fail(new ConnectException("Connect cancelled"));
			}
			if (this.offered != null) {
				this.offered.close();
			}
			if (this.handshaking != null) {
				this.handshaking.close();
			}
		});
	}

	/**
	 * Loop thread: the socket now belongs to {@code pending}, which is started here under the
	 * connect timeout. If starting fails, {@code pending} closes the socket and the attempt fails.
	 * @param pending the connect in progress
	 */
	public void await(PendingConnect pending) {
		this.pending = pending;
		try {
			pending.start(this.timeoutNanos);
		}
		catch (RuntimeException ex) {
			pending.fail(ex);
		}
	}

	/**
	 * Loop thread: the socket is connected and now belongs to {@code connection}, which starts here.
	 * Its "handler" hands it to the subscriber and lives until it closes.
	 * @param connection the new connection
	 */
	public void start(LoopConnection connection) {
		ConnectionHandler offer = (opened) -> {
			succeeded(opened);
			return opened.onClose();
		};
		if (this.tls == null) {
			connection.start(offer);
			return;
		}
		this.pending = null;
		this.handshaking = connection;
		// A close before the handshake completes (the server hung up, a probe-like peer) fails the
		// attempt; a failure the engine saw arrives first, with its reason.
		connection.onClose().subscribe(null, null, () -> handshakeFailed(
				new SSLHandshakeException("Connection to " + this.target + " closed during the TLS handshake")));
		connection.start(this.tls.handler(this.target, offer, this::handshakeFailed));
	}

	/**
	 * Drain or loop thread: the TLS handshake will not complete. The TLS connection closes the
	 * socket itself (after its alert, if it has one), so nothing is closed here.
	 */
	private void handshakeFailed(Throwable failure) {
		failed(failure);
	}

	/**
	 * Loop thread: the connection is open; offers it to the subscriber, or closes it if the subscriber
	 * is gone.
	 */
	private void succeeded(Connection connection) {
		this.pending = null;
		this.handshaking = null;
		if (!this.settled.compareAndSet(false, true) || this.cancelled) {
			connection.close();
			return;
		}
		this.offered = connection;
		this.sink.success(connection);
	}

	/**
	 * Loop thread: the attempt ended without a connection; the socket is already closed.
	 * @param failure why
	 */
	public void failed(Throwable failure) {
		this.pending = null;
		if (!this.settled.compareAndSet(false, true)) {
			return;
		}
		if (!this.cancelled) {
			this.clientStats.connectFailed();
			this.sink.error(failure);
		}
	}

}
