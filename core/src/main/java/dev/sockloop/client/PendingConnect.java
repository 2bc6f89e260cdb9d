package dev.sockloop.client;

import java.net.ConnectException;
import java.net.SocketAddress;

import dev.sockloop.linux.Epoll;
import dev.sockloop.linux.Errno;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.LoopChannel;
import dev.sockloop.loop.ScheduledTask;

/**
 * A non-blocking {@code connect} in progress: the socket becomes writable when the handshake ends,
 * and {@code SO_ERROR} tells whether it succeeded. Loop thread only.
 */
final class PendingConnect extends LoopChannel {

	private final EventLoop loop;

	private final SocketAddress address;

	private final Outcome outcome;

	private ScheduledTask timeout;

	private boolean done;

	PendingConnect(int fd, EventLoop loop, SocketAddress address, Outcome outcome) {
		super(fd);
		this.loop = loop;
		this.address = address;
		this.outcome = outcome;
	}

	void start(long timeoutNanos) {
		this.loop.register(this, Epoll.EPOLLOUT);
		this.timeout = this.loop.schedule(() -> fail(new ConnectException("Connect to " + this.address
				+ " timed out after " + (timeoutNanos / 1_000_000) + " ms")), timeoutNanos);
	}

	@Override
	protected void onReady(int readyEvents) {
		int error = Sockets.pendingError(this.fd);
		if (error != 0) {
			fail(new ConnectException("Connect to " + this.address + " failed: " + Errno.describe(error)));
			return;
		}
		this.done = true;
		this.timeout.cancel();
		this.loop.unregister(this);
		this.outcome.connected(this.fd, this.loop);
	}

	/** Gives up: the subscriber cancelled, or the connect failed or timed out. */
	void fail(Throwable failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		if (this.timeout != null) {
			this.timeout.cancel();
		}
		this.loop.deregister(this);
		Sockets.close(this.fd);
		this.outcome.failed(failure);
	}

	@Override
	protected void onFailure(Throwable failure) {
		fail(failure);
	}

	@Override
	protected void onLoopShutdown() {
		fail(new ConnectException("Event loop shut down while connecting to " + this.address));
	}

	/** Where a connect attempt reports its end. */
	interface Outcome {

		void connected(int fd, EventLoop loop);

		void failed(Throwable failure);

	}

}
