package dev.sockloop.internal.transport.epoll;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.ConnectAttempt;
import dev.sockloop.internal.transport.PendingConnect;

/**
 * A non-blocking {@code connect} on an epoll loop: {@code SO_ERROR} tells, once the socket is
 * writable, whether the handshake succeeded.
 */
final class EpollConnector extends PendingConnect {

	private final IntConsumer onConnected;

	private EpollConnector(int fd, EventLoop loop, SocketAddress address, IntConsumer onConnected,
			Consumer<Throwable> onFailed) {
		super(fd, loop, address, onFailed);
		this.onConnected = onConnected;
	}

	/**
	 * Loop thread: opens a socket and connects it; a connect in progress is watched by a new
	 * connector under the attempt's timeout.
	 * @param loop the loop
	 * @param address the address
	 * @param tcpNoDelay whether to disable Nagle's algorithm on TCP
	 * @param attempt where the outcome goes
	 */
	static void connect(EventLoop loop, SocketAddress address, boolean tcpNoDelay, ConnectAttempt attempt) {
		if (attempt.isCancelled()) {
			return;
		}
		int fd = -1;
		try {
			fd = Sockets.newStreamSocket(address);
			if (address instanceof InetSocketAddress) {
				Sockets.setTcpNoDelay(fd, tcpNoDelay);
			}
			int rc = Sockets.connect(fd, address);
			if (rc == 0) {
				int connected = fd;
				fd = -1;
				open(connected, loop, attempt);
			}
			else if (rc == -Errno.EINPROGRESS || rc == -Errno.EAGAIN) {
				PendingConnect pending = new EpollConnector(fd, loop, address,
						(connected) -> open(connected, loop, attempt), attempt::failed);
				fd = -1;
				attempt.await(pending);
			}
			else {
				attempt.failed(new ConnectException("Connect to " + address + " failed: " + Errno.describe(-rc)));
			}
		}
		catch (RuntimeException ex) {
			// An address the socket call cannot take (unresolved, a Unix path too long), or out of fds.
			attempt.failed(ex);
		}
		finally {
			if (fd >= 0) {
				Sockets.close(fd);
			}
		}
	}

	private static void open(int fd, EventLoop loop, ConnectAttempt attempt) {
		LoopConnection connection;
		try {
			connection = new EpollConnection(fd, loop, attempt.owner(), null, null);
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			attempt.failed(ex);
			return;
		}
		attempt.start(connection);
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
	protected void releaseSocket() {
		Sockets.close(this.fd);
	}

}
