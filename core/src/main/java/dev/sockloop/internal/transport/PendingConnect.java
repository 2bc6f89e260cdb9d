package dev.sockloop.internal.transport;

import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.function.Consumer;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.IoEvents;
import dev.sockloop.internal.loop.LoopChannel;
import dev.sockloop.internal.loop.ScheduledTask;

/**
 * A non-blocking connect in progress, whatever the transport: waits for the socket to become
 * writable, which ends the handshake, under a timeout. Subclasses tell success from failure and
 * hand the socket on. Loop thread only.
 */
public abstract class PendingConnect extends LoopChannel {

	/** The loop the connect runs on. */
	protected final EventLoop loop;

	/** The address connected to. */
	protected final SocketAddress address;

	private final Consumer<Throwable> failed;

	private ScheduledTask timeout;

	private boolean done;

	/**
	 * Watches a connecting fd.
	 * @param fd the socket
	 * @param loop the loop
	 * @param address the address connected to
	 * @param failed told of a failure, once the socket is closed
	 */
	protected PendingConnect(int fd, EventLoop loop, SocketAddress address, Consumer<Throwable> failed) {
		super(fd);
		this.loop = loop;
		this.address = address;
		this.failed = failed;
	}

	/**
	 * Watches a connect with no fd, for a transport of JDK channels, which holds the socket.
	 * @param loop the loop
	 * @param address the address connected to
	 * @param failed told of a failure, once the socket is closed
	 */
	protected PendingConnect(EventLoop loop, SocketAddress address, Consumer<Throwable> failed) {
		super();
		this.loop = loop;
		this.address = address;
		this.failed = failed;
	}

	final void start(long timeoutNanos) {
		this.loop.register(this, IoEvents.WRITE);
		this.timeout = this.loop.schedule(() -> fail(new ConnectException("Connect to " + this.address
				+ " timed out after " + (timeoutNanos / 1_000_000) + " ms")), timeoutNanos);
	}

	/**
	 * The handshake succeeded: stop watching the socket, so that it can be registered again as a
	 * connection.
	 * @return {@code false} if the attempt had already ended (failed, cancelled or timed out)
	 */
	protected final boolean connected() {
		if (this.done) {
			return false;
		}
		this.done = true;
		this.timeout.cancel();
		this.loop.unregister(this);
		return true;
	}

	/**
	 * Gives up: the subscriber cancelled, or the connect failed or timed out.
	 * @param failure why
	 */
	protected final void fail(Throwable failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		if (this.timeout != null) {
			this.timeout.cancel();
		}
		this.loop.deregister(this);
		releaseSocket();
		this.failed.accept(failure);
	}

	/** Closes the socket of an attempt that failed. */
	protected abstract void releaseSocket();

	@Override
	protected final void onFailure(Throwable failure) {
		fail(failure);
	}

	@Override
	protected final void onLoopShutdown() {
		fail(new ConnectException("Event loop shut down while connecting to " + this.address));
	}

}
