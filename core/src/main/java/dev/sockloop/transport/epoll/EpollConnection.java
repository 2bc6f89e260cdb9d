package dev.sockloop.transport.epoll;

import java.io.IOException;
import java.net.SocketAddress;

import dev.sockloop.linux.Errno;
import dev.sockloop.linux.Sockets;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.LoopBuffers;
import dev.sockloop.stats.ServerLoopStats;
import dev.sockloop.stats.ServerStats;

/**
 * A connection on the epoll transport: a non-blocking fd, read and written through JNA syscalls
 * into and from the loop's native buffers. {@code EAGAIN} and {@code EINTR} are return values here;
 * only a real failure becomes an {@link IOException}.
 */
public final class EpollSocketConnection extends LoopConnection {

	/**
	 * Wraps a connected socket, whose addresses {@link #start} takes from it. Call {@link #start} on
	 * the loop thread to run the handler and register the socket.
	 * @param fd the connected, non-blocking socket
	 * @param id the connection id
	 * @param loop the loop that owns it
	 * @param settings the server's settings
	 * @param stats the server's counters on this loop
	 * @param serverStats the server's counters
	 * @param onClosed told, on the loop thread, once the connection has closed
	 */
	public EpollSocketConnection(int fd, long id, EventLoop loop, ConnectionSettings settings, ServerLoopStats stats,
			ServerStats serverStats, Runnable onClosed) {
		this(fd, id, loop, settings, stats, serverStats, onClosed, null, null);
	}

	/**
	 * Wraps an accepted socket whose addresses are known from the accept. Call {@link #start} on the
	 * loop thread to run the handler and register the socket.
	 * @param fd the connected, non-blocking socket
	 * @param id the connection id
	 * @param loop the loop that owns it
	 * @param settings the server's settings
	 * @param stats the server's counters on this loop
	 * @param serverStats the server's counters
	 * @param onClosed told, on the loop thread, once the connection has closed
	 * @param localAddress the socket's local address, or {@code null} to ask the socket in
	 * {@link #start}
	 * @param remoteAddress the peer's address, or {@code null} to ask the socket in {@link #start}
	 */
	public EpollSocketConnection(int fd, long id, EventLoop loop, ConnectionSettings settings, ServerLoopStats stats,
			ServerStats serverStats, Runnable onClosed, SocketAddress localAddress, SocketAddress remoteAddress) {
		super(fd, null, id, loop, settings, stats, serverStats, onClosed, localAddress, remoteAddress);
	}

	@Override
	int readSocket(LoopBuffers buffers) throws IOException {
		while (true) {
			long n = Sockets.read(this.fd, buffers.readAddress(), LoopBuffers.READ_SIZE);
			if (n > 0) {
				return (int) n;
			}
			if (n == 0) {
				return -1;
			}
			if (n == -Errno.EAGAIN) {
				return 0;
			}
			if (n != -Errno.EINTR) {
				throw new IOException("Read failed: " + Errno.describe((int) -n));
			}
		}
	}

	@Override
	long writeSocket(WriteQueue queue, LoopBuffers buffers) throws IOException {
		while (true) {
			long n = queue.writeOnce(this.fd, buffers);
			if (n >= 0) {
				return n;
			}
			if (n == -Errno.EAGAIN) {
				return 0; // the queue has marked the write partial
			}
			if (n != -Errno.EINTR) {
				throw new IOException("Write failed: " + Errno.describe((int) -n));
			}
		}
	}

	@Override
	IOException socketError() {
		return new IOException("Socket error: " + Errno.describe(Sockets.pendingError(this.fd)));
	}

	@Override
	SocketAddress socketLocalAddress() {
		return Sockets.localAddress(this.fd);
	}

	@Override
	SocketAddress socketRemoteAddress() {
		return Sockets.remoteAddress(this.fd);
	}

	@Override
	void closeSocket() {
		Sockets.close(this.fd);
	}

}
