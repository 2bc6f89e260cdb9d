package dev.sockloop.transport.epoll;

import java.net.ConnectException;
import java.net.SocketAddress;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.sockloop.linux.Errno;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;

/**
 * A non-blocking {@code connect} on an epoll loop: {@code SO_ERROR} tells, once the socket is
 * writable, whether the handshake succeeded.
 */
final class EpollPendingConnect extends PendingConnect {

	private final IntConsumer onConnected;

	EpollPendingConnect(int fd, EventLoop loop, SocketAddress address, IntConsumer onConnected,
			Consumer<Throwable> onFailed) {
		super(fd, loop, address, onFailed);
		this.onConnected = onConnected;
	}

	@Override
	protected void onReady(int readyEvents) {
		int error = Sockets.pendingError(this.fd);
		if (error != 0) {
			fail(new ConnectException("Connect to " + this.address + " failed: " + Errno.describe(error)));
		}
		else if (connected()) {
			this.onConnected.accept(this.fd);
		}
	}

	@Override
	void releaseSocket() {
		Sockets.close(this.fd);
	}

}
