package dev.sockloop.internal.transport;

import java.net.ConnectException;

import reactor.core.publisher.MonoSink;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.loop.EventLoop;

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
 */
public final class ConnectAttempt {

	private final MonoSink<Connection> sink;

	private final EventLoop loop;

	private final ConnectionOwner owner;

	private final long timeoutNanos;

	private volatile boolean cancelled;

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
	 */
	public ConnectAttempt(MonoSink<Connection> sink, EventLoop loop, ConnectionOwner owner, long timeoutNanos) {
		this.sink = sink;
		this.loop = loop;
		this.owner = owner;
		this.timeoutNanos = timeoutNanos;
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
		connection.start((opened) -> {
			succeeded(opened);
			return opened.onClose();
		});
	}

	/**
	 * Loop thread: the connection is open; offers it to the subscriber, or closes it if the subscriber
	 * is gone.
	 */
	private void succeeded(Connection connection) {
		this.pending = null;
		if (this.cancelled) {
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
		if (!this.cancelled) {
			this.sink.error(failure);
		}
	}

}
